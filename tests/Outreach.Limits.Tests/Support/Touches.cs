using Outreach.Core;
using Outreach.Core.Campaigns;

namespace Outreach.Limits.Tests.Support;

/// <summary>Short ways to write touch requests in tests.</summary>
public static class Touches
{
    private static int _next;

    public static TouchRequest Touch(string customer, Channel channel = Channel.Email, int priority = 5, string? address = null,
        CampaignCategory category = CampaignCategory.Marketing, string[]? tags = null, string? campaign = "campaign-1", string? id = null) => new()
    {
        TouchId = id ?? $"touch-{Interlocked.Increment(ref _next)}",
        CustomerId = customer,
        Channel = channel,
        Address = address,
        Category = category,
        Tags = tags ?? [],
        Priority = priority,
        CampaignId = campaign,
    };
}
