namespace Outreach.Core.Customers;

/// <summary>A customer with everything derived from their history, as of one moment.</summary>
public sealed record CustomerProfile(
    Customer Customer,
    PurchaseStats Purchases,
    DateTimeOffset AsOf,
    double? RecencyDays,
    double RepurchaseCycleDays,
    RfmScores Rfm,
    LifecycleStage Stage,
    CustomerPool Pool)
{
    /// <summary>Days since the last purchase divided by the customer's own repurchase cycle.</summary>
    public double? RecencyInCycles => RecencyDays / RepurchaseCycleDays;
}

/// <summary>Recency, frequency and monetary scores, 1 (low) to 5 (high); all 0 for a customer who never bought.</summary>
public readonly record struct RfmScores(int Recency, int Frequency, int Monetary);

public enum RfmDimension
{
    Recency,
    Frequency,
    Monetary,
}

/// <summary>Where a customer is in their relationship with the brand.</summary>
public enum LifecycleStage
{
    Introduction,
    Growth,
    Maturity,
    Dormancy,
    Churn,
}

/// <summary>The operations team's pools: who needs what kind of attention.</summary>
public enum CustomerPool
{
    New,
    Active,
    Warning,
    Maintenance,
    Churned,
}
