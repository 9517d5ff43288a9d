using Outreach.Core.Audience;

namespace Outreach.Core.Campaigns;

/// <summary>A campaign as the marketer wrote it, validated. Loaded from <c>campaigns/*.yaml</c> by Outreach.Campaigns.</summary>
public sealed record Campaign
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public CampaignCategory Category { get; init; } = CampaignCategory.Marketing;
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>IANA time zone the schedule is read in.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>0–10; higher wins a customer's last free slot under the caps.</summary>
    public int Priority { get; init; } = 5;

    /// <summary>Quartz cron expression (seconds first), or null for event-triggered campaigns.</summary>
    public string? Schedule { get; init; }
    public EventTrigger? Trigger { get; init; }

    public AudienceFilter Audience { get; init; } = AudienceFilter.Everyone;

    /// <summary>Percent (0–50) of the audience that is never touched, to measure uplift.</summary>
    public double HoldoutPercent { get; init; }
    public required IReadOnlyList<CampaignVariant> Variants { get; init; }
    public IReadOnlyDictionary<string, object?> Offer { get; init; } = new Dictionary<string, object?>();

    /// <summary>The sequence; a campaign without steps has one step that uses each variant's channel order.</summary>
    public IReadOnlyList<CampaignStep> Steps { get; init; } = [];
    public BlockedPolicy WhenBlocked { get; init; } = BlockedPolicy.Default;
    public CampaignGoal? Goal { get; init; }
    public StopRule? StopRule { get; init; }

    /// <summary>The file the campaign came from, for messages.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The steps to run: the declared ones, or the single implicit one.</summary>
    public IReadOnlyList<CampaignStep> EffectiveSteps => Steps.Count > 0 ? Steps : [CampaignStep.Immediate];
}

public enum CampaignCategory
{
    Marketing,
    Transactional,
}

/// <summary>Run the campaign for a customer when this event arrives for them, after an optional delay.</summary>
public sealed record EventTrigger(string Event, TimeSpan Delay);

/// <summary>One arm of the experiment: its share of the touched audience, its channel order and a message per channel.</summary>
public sealed record CampaignVariant(
    string Name,
    double Weight,
    IReadOnlyList<Channel> Channels,
    IReadOnlyDictionary<Channel, MessageTemplate> Messages);

/// <summary>A message as written: Liquid templates, plus what a channel needs beyond the body.</summary>
public sealed record MessageTemplate
{
    public required string Body { get; init; }

    /// <summary>Email subject (Liquid).</summary>
    public string? Subject { get; init; }

    /// <summary>Email HTML body (Liquid); the text body is <see cref="Body"/>.</summary>
    public string? Html { get; init; }

    /// <summary>WeChat template id.</summary>
    public string? TemplateId { get; init; }

    /// <summary>Voice and language for calls (TwiML &lt;Say&gt;).</summary>
    public string? Voice { get; init; }
    public string? Language { get; init; }
}

/// <summary>One step of a sequence: wait, then touch on these channels (or the variant's order), optionally only some customers.</summary>
public sealed record CampaignStep(string Name, TimeSpan Wait, IReadOnlyList<Channel>? Channels = null, AudienceFilter? Only = null)
{
    public static readonly CampaignStep Immediate = new("send", TimeSpan.Zero);
}

public enum BlockedAction
{
    Defer,
    Drop,
}

/// <summary>What a touch does when caps or quiet hours stop it, and how long a deferred touch stays worth sending.</summary>
public sealed record BlockedPolicy(BlockedAction WhenCapped, BlockedAction InQuietHours, TimeSpan? ExpiresAfter)
{
    public static readonly BlockedPolicy Default = new(BlockedAction.Defer, BlockedAction.Defer, TimeSpan.FromDays(3));
}

/// <summary>The event that counts as success within <paramref name="Window"/> of a touch; reaching it ends the sequence.</summary>
public sealed record CampaignGoal(string Event, TimeSpan Window, bool ExitOnGoal = true);

/// <summary>Pause the campaign when, after <paramref name="AfterTouches"/> touches, ROI is below <paramref name="MinRoi"/>.</summary>
public sealed record StopRule(int AfterTouches, double MinRoi);
