using System.Collections.Frozen;
using Outreach.Campaigns.Language;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Rendering;

/// <summary>The values a message template can use: <c>customer.*</c>, <c>offer.*</c>, <c>campaign.*</c> and <c>variant</c>.</summary>
public static class TemplateValues
{
    public static readonly IReadOnlyList<string> Roots = ["customer", "offer", "campaign", "variant"];

    /// <summary>The <c>customer</c> fields and how each is read from a profile; day counts are whole days, and unknown values are null so they render empty.</summary>
    private static readonly (string Name, Func<CustomerProfile, object?> Read)[] CustomerFieldTable =
    [
        ("id", profile => profile.Customer.Id),
        ("name", profile => profile.Customer.Name),
        ("tier", profile => profile.Customer.MembershipTier),
        ("tags", profile => profile.Customer.Tags),
        ("days_since_expiry", profile => profile.Customer.MembershipExpiresAt is { } since ? WholeDays(profile.AsOf - since) : null),
        ("days_until_expiry", profile => profile.Customer.MembershipExpiresAt is { } until ? WholeDays(until - profile.AsOf) : null),
        ("days_since_last_purchase", profile => profile.RecencyDays is { } recency ? (int)Math.Floor(recency) : null),
        ("purchase_count", profile => profile.Purchases.PurchaseCount),
        ("total_spend", profile => profile.Purchases.TotalSpend),
        ("stage", profile => CampaignLanguage.WordFor(profile.Stage)),
        ("pool", profile => CampaignLanguage.WordFor(profile.Pool)),
    ];

    private static readonly FrozenDictionary<string, Func<CustomerProfile, object?>> CustomerReaders =
        CustomerFieldTable.ToFrozenDictionary(field => field.Name, field => field.Read, StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> CustomerFields = [.. CustomerFieldTable.Select(field => field.Name)];

    public static readonly IReadOnlyList<string> CampaignFields = ["id", "name"];

    /// <summary>One <c>customer</c> value, worked out when a template reads it; false for a field messages do not know.</summary>
    public static bool TryGetCustomer(CustomerProfile profile, string field, out object? value)
    {
        value = CustomerReaders.TryGetValue(field, out var read) ? read(profile) : null;
        return read is not null;
    }

    public static Dictionary<string, object?> Campaign(Campaign campaign) =>
        new() { ["id"] = campaign.Id, ["name"] = campaign.Name };

    private static int WholeDays(TimeSpan span) => (int)Math.Floor(span.TotalDays);
}
