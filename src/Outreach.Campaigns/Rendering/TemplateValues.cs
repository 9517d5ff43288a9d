using Outreach.Campaigns.Language;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Rendering;

/// <summary>The values a message template can use: <c>customer.*</c>, <c>offer.*</c>, <c>campaign.*</c> and <c>variant</c>.</summary>
public static class TemplateValues
{
    public static readonly IReadOnlyList<string> Roots = ["customer", "offer", "campaign", "variant"];

    public static readonly IReadOnlyList<string> CustomerFields =
    [
        "id", "name", "tier", "tags", "days_since_expiry", "days_until_expiry", "days_since_last_purchase",
        "purchase_count", "total_spend", "stage", "pool",
    ];

    public static readonly IReadOnlyList<string> CampaignFields = ["id", "name"];

    /// <summary>The <c>customer</c> values; day counts are whole days, and unknown values are null so they render empty.</summary>
    public static IReadOnlyDictionary<string, object?> Customer(CustomerProfile profile)
    {
        var customer = profile.Customer;
        var expiry = customer.MembershipExpiresAt;
        return new Dictionary<string, object?>
        {
            ["id"] = customer.Id,
            ["name"] = customer.Name,
            ["tier"] = customer.MembershipTier,
            ["tags"] = customer.Tags,
            ["days_since_expiry"] = expiry is { } since ? WholeDays(profile.AsOf - since) : null,
            ["days_until_expiry"] = expiry is { } until ? WholeDays(until - profile.AsOf) : null,
            ["days_since_last_purchase"] = profile.RecencyDays is { } recency ? (int)Math.Floor(recency) : null,
            ["purchase_count"] = profile.Purchases.PurchaseCount,
            ["total_spend"] = profile.Purchases.TotalSpend,
            ["stage"] = CampaignLanguage.WordFor(profile.Stage),
            ["pool"] = CampaignLanguage.WordFor(profile.Pool),
        };
    }

    public static IReadOnlyDictionary<string, object?> Campaign(Campaign campaign) =>
        new Dictionary<string, object?> { ["id"] = campaign.Id, ["name"] = campaign.Name };

    private static int WholeDays(TimeSpan span) => (int)Math.Floor(span.TotalDays);
}
