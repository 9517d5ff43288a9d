using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Server.Apis;

/// <summary>A customer with the profile derived from their history (RFM, lifecycle stage, pool) as of now.</summary>
public sealed record CustomerView(
    string Id,
    string? Name,
    string? Phone,
    string? Email,
    string? WeChatOpenId,
    string? TimeZone,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, ConsentStatus> Consent,
    string? MembershipTier,
    MembershipStatus MembershipStatus,
    DateTimeOffset? MembershipExpiresAt,
    DateTimeOffset CreatedAt,
    PurchasesView Purchases,
    double? RecencyDays,
    double RepurchaseCycleDays,
    RfmScores Rfm,
    LifecycleStage Stage,
    CustomerPool Pool,
    DateTimeOffset AsOf)
{
    public static CustomerView Of(CustomerProfile profile)
    {
        var c = profile.Customer;
        var p = profile.Purchases;
        return new(c.Id, c.Name, c.Phone, c.Email, c.WeChatOpenId, c.TimeZone, c.Tags,
            c.Consent.ToDictionary(e => e.Key.ToName(), e => e.Value),
            c.MembershipTier, c.MembershipStatus, c.MembershipExpiresAt, c.CreatedAt,
            new PurchasesView(p.PurchaseCount, p.TotalSpend, p.FirstPurchaseAt, p.LastPurchaseAt, p.AverageRepurchaseIntervalDays),
            profile.RecencyDays, profile.RepurchaseCycleDays, profile.Rfm, profile.Stage, profile.Pool, profile.AsOf);
    }
}

public sealed record PurchasesView(int Count, decimal TotalSpend, DateTimeOffset? FirstAt, DateTimeOffset? LastAt, double? AverageRepurchaseIntervalDays);

/// <summary>What a batch upsert did: how many were stored, and each rejected customer's problems by index and field.</summary>
public sealed record CustomerBatchReport(int Stored, IReadOnlyList<ItemError> Errors);
