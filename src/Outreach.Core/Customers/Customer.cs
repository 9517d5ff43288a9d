namespace Outreach.Core.Customers;

/// <summary>A customer as the store systems describe them. Derived values live in <see cref="CustomerProfile"/>.</summary>
public sealed record Customer
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>E.164, e.g. <c>+8613800138000</c>; see <see cref="ContactValidator"/>.</summary>
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? WeChatOpenId { get; init; }

    /// <summary>IANA time zone (<c>Asia/Shanghai</c>); null means the configured default.</summary>
    public string? TimeZone { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<Channel, ConsentStatus> Consent { get; init; } = new Dictionary<Channel, ConsentStatus>();

    public string? MembershipTier { get; init; }
    public MembershipStatus MembershipStatus { get; init; } = MembershipStatus.None;
    public DateTimeOffset? MembershipExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public ConsentStatus ConsentFor(Channel channel) =>
        Consent.TryGetValue(channel, out var status) ? status : ConsentStatus.Unknown;
}

public enum MembershipStatus
{
    None,
    Active,
    Expired,
    Cancelled,
}

/// <summary>What the customer said about being contacted on one channel.</summary>
public enum ConsentStatus
{
    Unknown,
    OptedIn,
    OptedOut,
}
