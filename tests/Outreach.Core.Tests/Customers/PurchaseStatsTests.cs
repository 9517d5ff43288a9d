using Outreach.Core.Customers;

namespace Outreach.Core.Tests.Customers;

public class PurchaseStatsTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Purchases_arriving_out_of_order_keep_first_and_last_right()
    {
        var stats = PurchaseStats.None.With(Day0.AddDays(10), 20m).With(Day0, 30m).With(Day0.AddDays(40), 50m);

        Assert.Equal(Day0, stats.FirstPurchaseAt);
        Assert.Equal(Day0.AddDays(40), stats.LastPurchaseAt);
        Assert.Equal(3, stats.PurchaseCount);
        Assert.Equal(100m, stats.TotalSpend);
        Assert.Equal(20, stats.AverageRepurchaseIntervalDays);
    }

    [Fact]
    public void One_purchase_has_no_repurchase_interval() =>
        Assert.Null(PurchaseStats.None.With(Day0, 10m).AverageRepurchaseIntervalDays);
}
