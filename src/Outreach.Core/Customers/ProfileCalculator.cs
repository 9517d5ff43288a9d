namespace Outreach.Core.Customers;

/// <summary>
/// Derives RFM scores, lifecycle stage and pool. This is the reference definition: the stores'
/// SQL audience filters must agree with it (their contract tests check that they do).
/// </summary>
public sealed class ProfileCalculator(LifecycleOptions options)
{
    public LifecycleOptions Options { get; } = options;

    public CustomerProfile Derive(Customer customer, PurchaseStats purchases, DateTimeOffset now)
    {
        double? recency = purchases.LastPurchaseAt is { } last ? (now - last).TotalDays : null;
        var cycle = purchases.AverageRepurchaseIntervalDays is { } avg && avg > 0 ? avg : Options.DefaultRepurchaseCycleDays;
        var rfm = Score(purchases, recency);
        var pool = PoolOf(customer, purchases, recency, cycle, rfm, now);
        return new CustomerProfile(customer, purchases, now, recency, cycle, rfm, StageOf(purchases, pool), pool);
    }

    public RfmScores Score(PurchaseStats purchases, double? recencyDays)
    {
        if (purchases.PurchaseCount == 0 || recencyDays is null) return new RfmScores(0, 0, 0);

        var r = 1;
        for (var i = 0; i < Options.RecencyDays.Length; i++)
            if (recencyDays <= Options.RecencyDays[i]) { r = 5 - i; break; }

        var f = 1 + Options.FrequencyCounts.Count(bound => purchases.PurchaseCount >= bound);
        var m = 1 + Options.MonetaryAmounts.Count(bound => purchases.TotalSpend >= bound);
        return new RfmScores(r, f, m);
    }

    private CustomerPool PoolOf(Customer customer, PurchaseStats purchases, double? recency, double cycle, RfmScores rfm, DateTimeOffset now)
    {
        if (recency is not { } days) return CustomerPool.New;
        if (days > Options.ChurnedAfterDays || days > Options.ChurnedAfterCycles * cycle) return CustomerPool.Churned;
        if (days > Options.WarningAfterCycles * cycle)
            return rfm.Monetary >= Options.MaintenanceMinMonetaryScore ? CustomerPool.Maintenance : CustomerPool.Warning;
        if (purchases.PurchaseCount == 1 && purchases.FirstPurchaseAt is { } first && (now - first).TotalDays <= Options.NewCustomerDays)
            return CustomerPool.New;
        return CustomerPool.Active;
    }

    private LifecycleStage StageOf(PurchaseStats purchases, CustomerPool pool) => pool switch
    {
        CustomerPool.Churned => LifecycleStage.Churn,
        CustomerPool.Warning or CustomerPool.Maintenance => LifecycleStage.Dormancy,
        _ when purchases.PurchaseCount >= Options.MaturityMinPurchases => LifecycleStage.Maturity,
        _ when purchases.PurchaseCount >= Options.GrowthMinPurchases => LifecycleStage.Growth,
        _ => LifecycleStage.Introduction,
    };
}
