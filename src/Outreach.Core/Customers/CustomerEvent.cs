namespace Outreach.Core.Customers;

/// <summary>
/// Something that happened to a customer: a purchase, a membership change, or a custom event.
/// The id comes from the sending system; an id seen before is ignored, so retries are safe.
/// </summary>
public sealed record CustomerEvent
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public required string Type { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public decimal? Amount { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>The event types the engine understands; any other name is a custom event.</summary>
public static class EventTypes
{
    public const string Purchase = "purchase";
    public const string MembershipExpiring = "membership_expiring";
    public const string MembershipExpired = "membership_expired";
    public const string MembershipRenewed = "membership_renewed";
}
