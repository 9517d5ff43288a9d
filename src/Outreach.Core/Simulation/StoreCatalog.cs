namespace Outreach.Core.Simulation;

/// <summary>The stores, products and sales channels purchases are made in; shared strings, so events stay cheap.</summary>
internal static class StoreCatalog
{
    public static readonly string[] Stores =
    [
        "SH-JINGAN-01", "SH-XUHUI-02", "SH-PUDONG-03", "SH-MINHANG-04", "BJ-CHAOYANG-01", "BJ-HAIDIAN-02",
        "BJ-DONGCHENG-03", "GZ-TIANHE-01", "GZ-YUEXIU-02", "SZ-NANSHAN-01", "SZ-FUTIAN-02", "HZ-XIHU-01",
        "CD-JINJIANG-01", "WH-JIANGHAN-01", "NJ-XUANWU-01", "XA-BEILIN-01", "CQ-YUZHONG-01", "SU-GUSU-01",
    ];

    public static readonly string[] Skus = Enumerable.Range(0, 400).Select(i => $"SKU-{10_001 + i * 37:D5}").ToArray();

    public static readonly WeightedChoice<string> SalesChannels = new(("store", 60), ("mini_program", 25), ("tmall", 10), ("jd", 5));
}
