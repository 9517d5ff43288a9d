namespace Outreach.Core.Simulation;

/// <summary>
/// Names as a Chinese retailer's CRM holds them: mostly hanzi, some in pinyin, some English names.
/// Every hanzi comes with its pinyin so the same person can be written either way and get a matching email.
/// </summary>
internal static class PersonNames
{
    /// <summary>A person's name as displayed, and a lower-case ASCII form for email addresses.</summary>
    public readonly record struct Person(string DisplayName, string AsciiName);

    // The most common surnames, roughly in order of frequency; earlier ones are picked more often.
    private static readonly (string Hanzi, string Pinyin)[] Surnames =
    [
        ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
        ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"),
        ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"),
        ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"),
        ("邓", "Deng"), ("曹", "Cao"), ("彭", "Peng"), ("曾", "Zeng"), ("肖", "Xiao"), ("田", "Tian"), ("董", "Dong"),
        ("袁", "Yuan"), ("潘", "Pan"), ("于", "Yu"), ("蒋", "Jiang"), ("蔡", "Cai"), ("余", "Yu"), ("杜", "Du"),
        ("叶", "Ye"), ("程", "Cheng"), ("苏", "Su"), ("魏", "Wei"), ("吕", "Lyu"), ("丁", "Ding"), ("任", "Ren"),
        ("沈", "Shen"), ("欧阳", "Ouyang"), ("司马", "Sima"),
    ];

    private static readonly (string Hanzi, string Pinyin)[] GivenSyllables =
    [
        ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
        ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"),
        ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"),
        ("桂", "gui"), ("英", "ying"), ("华", "hua"), ("玉", "yu"), ("兰", "lan"), ("婷", "ting"), ("雪", "xue"),
        ("慧", "hui"), ("建", "jian"), ("国", "guo"), ("晓", "xiao"), ("文", "wen"), ("宇", "yu"), ("浩", "hao"),
        ("子", "zi"), ("轩", "xuan"), ("欣", "xin"), ("怡", "yi"), ("梓", "zi"), ("涵", "han"), ("诗", "shi"),
        ("雨", "yu"), ("佳", "jia"), ("琪", "qi"), ("嘉", "jia"), ("思", "si"), ("博", "bo"), ("晨", "chen"),
        ("俊", "jun"), ("鹏", "peng"), ("然", "ran"), ("一", "yi"), ("梦", "meng"), ("海", "hai"), ("春", "chun"),
        ("志", "zhi"), ("红", "hong"), ("云", "yun"), ("安", "an"),
    ];

    private static readonly string[] EnglishGivenNames =
    [
        "Amy", "Angela", "Bella", "Cindy", "Coco", "Daisy", "Emily", "Grace", "Helen", "Iris", "Jenny", "Linda",
        "Lily", "Lucy", "Nancy", "Sophie", "Tina", "Vivian", "Alex", "Andy", "Ben", "Bruce", "David", "Eric",
        "Frank", "Jack", "Jason", "Kevin", "Leo", "Michael", "Peter", "Ryan", "Sam", "Tony", "Vincent", "William",
    ];

    private static readonly string[] EnglishSurnames =
        ["Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Davies", "Evans", "Martin", "Thompson", "Walker", "Clarke"];

    public static Person Next(SimulationRandom random)
    {
        var surname = Surnames[SkewedIndex(random, Surnames.Length)];
        var first = random.Pick(GivenSyllables);
        var second = random.Chance(0.7) ? random.Pick(GivenSyllables) : default;
        var givenPinyin = first.Pinyin + second.Pinyin;
        var ascii = (surname.Pinyin + givenPinyin).ToLowerInvariant();

        var style = random.NextDouble();
        if (style < 0.72) return new(surname.Hanzi + first.Hanzi + second.Hanzi, ascii);
        if (style < 0.88) return new($"{surname.Pinyin} {char.ToUpperInvariant(givenPinyin[0])}{givenPinyin[1..]}", ascii);

        var english = random.Pick(EnglishGivenNames);
        var family = random.Chance(0.8) ? surname.Pinyin : random.Pick(EnglishSurnames);
        return new($"{english} {family}", (english + family).ToLowerInvariant());
    }

    // Squaring a uniform number favours the front of the list: Wang and Li are far more common than Sima.
    private static int SkewedIndex(SimulationRandom random, int length)
    {
        var u = random.NextDouble();
        return (int)(u * u * length);
    }
}
