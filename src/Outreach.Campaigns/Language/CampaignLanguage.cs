using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Language;

/// <summary>The vocabulary of campaign files: which keys each block accepts and the words allowed as values.</summary>
public static class CampaignLanguage
{
    public static readonly MappingShape Range = MappingShape.Of("a range", "min", "max");

    public static readonly MappingShape Membership = MappingShape.Of("membership", "status", "tier", "days_since_expiry", "days_until_expiry")
        .Nest("days_since_expiry", Range)
        .Nest("days_until_expiry", Range);

    public static readonly MappingShape Rfm = MappingShape.Of("rfm", "recency", "frequency", "monetary")
        .Nest("recency", Range)
        .Nest("frequency", Range)
        .Nest("monetary", Range);

    public static readonly MappingShape TagMatch = MappingShape.Of("tags", "any", "all");

    public static readonly MappingShape Audience = MappingShape.Of("the audience",
            "membership", "days_since_last_purchase", "cycles_since_last_purchase", "rfm", "lifecycle_stage", "pool",
            "total_spend", "purchase_count", "tags", "consent", "any", "exclude")
        .Nest("membership", Membership)
        .Nest("days_since_last_purchase", Range)
        .Nest("cycles_since_last_purchase", Range)
        .Nest("rfm", Rfm)
        .Nest("total_spend", Range)
        .Nest("purchase_count", Range)
        .Nest("tags", TagMatch);

    public static readonly MappingShape SmsMessage = MappingShape.Of("the sms message", "body");
    public static readonly MappingShape WeChatMessage = MappingShape.Of("the wechat message", "template_id", "body");
    public static readonly MappingShape EmailMessage = MappingShape.Of("the email message", "subject", "body", "html");
    public static readonly MappingShape CallMessage = MappingShape.Of("the call message", "body", "voice", "language");

    public static readonly MappingShape Messages = MappingShape.Of("messages", "sms", "call", "email", "wechat")
        .Nest("sms", SmsMessage)
        .Nest("call", CallMessage)
        .Nest("email", EmailMessage)
        .Nest("wechat", WeChatMessage);

    public static readonly MappingShape Variant = MappingShape.Of("a variant", "name", "weight", "channels", "messages")
        .Nest("messages", Messages);

    public static readonly MappingShape Step = MappingShape.Of("a step", "name", "wait", "channels", "only")
        .Nest("only", Audience);

    public static readonly MappingShape Trigger = MappingShape.Of("the trigger", "event", "delay");
    public static readonly MappingShape WhenBlocked = MappingShape.Of("when_blocked", "capped", "quiet_hours", "expires_after");
    public static readonly MappingShape Goal = MappingShape.Of("the goal", "event", "window", "exit_on_goal");
    public static readonly MappingShape StopRule = MappingShape.Of("the stop rule", "after_touches", "min_roi");
    public static readonly MappingShape Offer = MappingShape.Open("the offer");

    public static readonly MappingShape Campaign = MappingShape.Of("the campaign",
            "id", "name", "description", "category", "tags", "timezone", "priority", "schedule", "trigger",
            "audience", "holdout", "offer", "variants", "steps", "when_blocked", "goal", "stop_rule")
        .Nest("trigger", Trigger)
        .Nest("audience", Audience)
        .Nest("offer", Offer)
        .Nest("variants", Variant)
        .Nest("steps", Step)
        .Nest("when_blocked", WhenBlocked)
        .Nest("goal", Goal)
        .Nest("stop_rule", StopRule);

    static CampaignLanguage()
    {
        Audience.Nest("any", Audience).Nest("exclude", Audience);
    }

    public static readonly IReadOnlyDictionary<string, Channel> Channels = Words(
        ("sms", Channel.Sms), ("call", Channel.Call), ("email", Channel.Email), ("wechat", Channel.WeChat));

    public static readonly IReadOnlyDictionary<string, CampaignCategory> Categories = Words(
        ("marketing", CampaignCategory.Marketing), ("transactional", CampaignCategory.Transactional));

    public static readonly IReadOnlyDictionary<string, MembershipStatus> MembershipStatuses = Words(
        ("none", MembershipStatus.None), ("active", MembershipStatus.Active),
        ("expired", MembershipStatus.Expired), ("cancelled", MembershipStatus.Cancelled));

    public static readonly IReadOnlyDictionary<string, LifecycleStage> LifecycleStages = Words(
        ("introduction", LifecycleStage.Introduction), ("growth", LifecycleStage.Growth), ("maturity", LifecycleStage.Maturity),
        ("dormancy", LifecycleStage.Dormancy), ("churn", LifecycleStage.Churn));

    public static readonly IReadOnlyDictionary<string, CustomerPool> Pools = Words(
        ("new", CustomerPool.New), ("active", CustomerPool.Active), ("warning", CustomerPool.Warning),
        ("maintenance", CustomerPool.Maintenance), ("churned", CustomerPool.Churned));

    public static readonly IReadOnlyDictionary<string, BlockedAction> BlockedActions = Words(
        ("defer", BlockedAction.Defer), ("drop", BlockedAction.Drop));

    /// <summary>The word for a value in campaign files, e.g. <c>churned</c> for <see cref="CustomerPool.Churned"/>.</summary>
    public static string WordFor<T>(T value) where T : struct, Enum => value switch
    {
        Channel channel => channel.ToName(),
        _ => value.ToString().ToLowerInvariant(),
    };

    private static IReadOnlyDictionary<string, T> Words<T>(params (string Word, T Value)[] words) =>
        words.ToDictionary(w => w.Word, w => w.Value);
}
