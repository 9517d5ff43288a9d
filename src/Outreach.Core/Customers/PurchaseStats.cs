namespace Outreach.Core.Customers;

/// <summary>Purchase aggregates kept up to date as purchase events arrive.</summary>
public sealed record PurchaseStats(
    DateTimeOffset? FirstPurchaseAt,
    DateTimeOffset? LastPurchaseAt,
    int PurchaseCount,
    decimal TotalSpend)
{
    public static readonly PurchaseStats None = new(null, null, 0, 0m);

    /// <summary>Mean days between purchases; null until the second purchase.</summary>
    public double? AverageRepurchaseIntervalDays =>
        PurchaseCount >= 2 && FirstPurchaseAt is { } first && LastPurchaseAt is { } last
            ? (last - first).TotalDays / (PurchaseCount - 1)
            : null;

    public PurchaseStats With(DateTimeOffset at, decimal amount) => new(
        FirstPurchaseAt is { } f && f <= at ? f : at,
        LastPurchaseAt is { } l && l >= at ? l : at,
        PurchaseCount + 1,
        TotalSpend + amount);
}
