using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Storage.Tests.Support;

/// <summary>A mutable customer for tests to fill in before building the record.</summary>
public sealed class CustomerDraft(string id)
{
    public string? Name { get; set; } = $"Customer {id}";
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? WeChatOpenId { get; set; }
    public string? TimeZone { get; set; } = "Asia/Shanghai";
    public List<string> Tags { get; set; } = [];
    public Dictionary<Channel, ConsentStatus> Consent { get; } = [];
    public string? Tier { get; set; }
    public MembershipStatus Status { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = Days.Ago(400);

    public Customer Build() => new()
    {
        Id = id,
        Name = Name,
        Phone = Phone,
        Email = Email,
        WeChatOpenId = WeChatOpenId,
        TimeZone = TimeZone,
        Tags = Tags,
        Consent = Consent,
        MembershipTier = Tier,
        MembershipStatus = Status,
        MembershipExpiresAt = ExpiresAt,
        CreatedAt = CreatedAt,
    };
}
