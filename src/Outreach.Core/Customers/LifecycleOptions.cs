namespace Outreach.Core.Customers;

/// <summary>
/// Thresholds that turn purchase history into RFM scores, a lifecycle stage and a pool
/// (section <c>Lifecycle</c> in <c>config/outreach.json</c>). All day counts are in days.
/// </summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "Lifecycle";

    /// <summary>A customer whose first purchase is this recent (or who never bought) is in the new pool.</summary>
    public int NewCustomerDays { get; set; } = 30;

    /// <summary>Repurchase cycle assumed until a customer has bought twice and has a cycle of their own.</summary>
    public double DefaultRepurchaseCycleDays { get; set; } = 30;

    /// <summary>Recency above this many of the customer's own cycles: warning (or maintenance, if valuable).</summary>
    public double WarningAfterCycles { get; set; } = 1.5;

    /// <summary>Recency above this many cycles: churned.</summary>
    public double ChurnedAfterCycles { get; set; } = 3;

    /// <summary>Recency above this many days is churned whatever the cycle.</summary>
    public double ChurnedAfterDays { get; set; } = 180;

    /// <summary>Customers in warning with at least this monetary score need special care: maintenance pool.</summary>
    public int MaintenanceMinMonetaryScore { get; set; } = 4;

    /// <summary>Purchase counts at which a customer enters growth and maturity.</summary>
    public int GrowthMinPurchases { get; set; } = 2;
    public int MaturityMinPurchases { get; set; } = 5;

    /// <summary>Upper bounds in days for recency scores 5, 4, 3, 2; anything older scores 1.</summary>
    public double[] RecencyDays { get; set; } = [7, 30, 90, 180];

    /// <summary>Lower bounds in purchases for frequency scores 2, 3, 4, 5; fewer scores 1.</summary>
    public int[] FrequencyCounts { get; set; } = [2, 4, 8, 16];

    /// <summary>Lower bounds of total spend for monetary scores 2, 3, 4, 5; less scores 1.</summary>
    public decimal[] MonetaryAmounts { get; set; } = [100, 500, 2000, 5000];
}
