using Outreach.Core;
using Outreach.Core.Campaigns;

namespace Outreach.Limits;

/// <summary>One touch the engine wants to send, as the limiter needs to see it. <see cref="TouchId"/> is the idempotency key.</summary>
public sealed record TouchRequest
{
    public required string TouchId { get; init; }
    public required string CustomerId { get; init; }
    public required Channel Channel { get; init; }

    /// <summary>The contact address the touch goes to (E.164 phone, email, WeChat openid): address caps and address suppression read it.</summary>
    public string? Address { get; init; }
    public string? CampaignId { get; init; }
    public CampaignCategory Category { get; init; } = CampaignCategory.Marketing;
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>0–10, as on the campaign; priority headroom keeps the last slots of a rule for high values.</summary>
    public int Priority { get; init; } = 5;

    /// <summary>The request for a campaign's touch: category, tags and priority come from the campaign.</summary>
    public static TouchRequest For(Campaign campaign, string touchId, string customerId, Channel channel, string? address) => new()
    {
        TouchId = touchId,
        CustomerId = customerId,
        Channel = channel,
        Address = address,
        CampaignId = campaign.Id,
        Category = campaign.Category,
        Tags = campaign.Tags,
        Priority = campaign.Priority,
    };
}
