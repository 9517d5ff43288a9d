using System.Globalization;
using System.Text.RegularExpressions;
using Outreach.Campaigns.Language;
using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>Reads a whole campaign file; every problem is reported, and a campaign is returned only when there are none.</summary>
internal sealed partial class CampaignReader(ReadContext context)
{
    private static readonly NumberRule Priority = new("a whole number from 0 to 10", 0, 10, Whole: true);
    private static readonly NumberRule Holdout = new("a percentage from 0 to 50", 0, 50);
    private static readonly NumberRule Touches = new("a whole number of touches, 1 or more", 1, int.MaxValue, Whole: true);
    private static readonly NumberRule Roi = new("a number such as 0.5 (revenue minus cost, divided by cost; -1 is losing everything)", -1, double.MaxValue);

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$")]
    private static partial Regex EventPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex OfferNamePattern();

    /// <summary>The node of the campaign's id value, for messages about the campaign as a whole (duplicate ids).</summary>
    public YamlNode? IdNode { get; private set; }

    public Campaign? Read(YamlNode root, string? sourcePath)
    {
        if (MappingReader.Open(context, root, CampaignLanguage.Campaign, "A campaign file", root) is not { } campaign) return null;

        var id = Id(campaign);
        var name = campaign.Required("name", "The campaign needs a name: the title people see in reports.") is { } nameNode ? context.Text(nameNode, "name") : null;
        var description = campaign["description"] is { } descriptionNode ? context.Text(descriptionNode, "description") : null;
        var category = campaign["category"] is { } categoryNode ? context.Word(categoryNode, "a category", CampaignLanguage.Categories) : CampaignCategory.Marketing;
        var tags = campaign["tags"] is { } tagsNode ? context.Texts(tagsNode, "tags", "[renewal, membership]", allowEmpty: true) : [];
        var timeZone = campaign["timezone"] is { } zoneNode ? TimeZones.Read(context, zoneNode) : "UTC";
        var priority = campaign["priority"] is { } priorityNode ? context.WholeNumber(priorityNode, "priority", Priority) : 5;
        var (schedule, trigger) = When(campaign);
        var audience = campaign["audience"] is { } audienceNode
            ? new AudienceReader(context).Read(audienceNode, "audience", campaign.KeyNode("audience"))
            : AudienceFilter.Everyone;
        var holdout = campaign["holdout"] is { } holdoutNode ? context.Number(holdoutNode, "holdout", Holdout) : 0;
        var offer = campaign.Block("offer") is { } offerBlock ? Offer(offerBlock) : new Dictionary<string, object?>();
        var variants = new VariantReader(context, new TemplateChecker(context, offer.Keys)).ReadAll(campaign);
        var steps = campaign["steps"] is { } stepsNode ? new StepReader(context).ReadAll(stepsNode) : [];
        CheckStepMessages(steps, variants);
        var whenBlocked = campaign.Block("when_blocked") is { } blocked ? WhenBlocked(blocked) : BlockedPolicy.Default;
        var goal = campaign.Block("goal") is { } goalBlock ? Goal(goalBlock) : null;
        var stopRule = campaign.Block("stop_rule") is { } stopBlock ? StopRule(stopBlock) : null;

        if (context.HasErrors || id is null || name is null) return null;
        return new Campaign
        {
            Id = id,
            Name = name,
            Description = description,
            Category = category ?? CampaignCategory.Marketing,
            Tags = tags ?? [],
            TimeZone = timeZone ?? "UTC",
            Priority = priority ?? 5,
            Schedule = schedule,
            Trigger = trigger,
            Audience = audience ?? AudienceFilter.Everyone,
            HoldoutPercent = holdout ?? 0,
            Offer = offer,
            Variants = variants,
            Steps = steps.Select(s => s.Step).ToList(),
            WhenBlocked = whenBlocked ?? BlockedPolicy.Default,
            Goal = goal,
            StopRule = stopRule,
            SourcePath = sourcePath,
        };
    }

    private string? Id(MappingReader campaign)
    {
        if (campaign.Required("id", "The campaign needs an id: lowercase letters, digits and dashes, such as renewal-reminder.") is not { } node) return null;
        IdNode = node;
        if (context.Text(node, "id") is not { } id) return null;
        if (IdPattern().IsMatch(id)) return id;

        var slug = Regex.Replace(id.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        var example = slug.Length > 0 ? slug : "renewal-reminder";
        context.Error(node, $"The id '{id}' may only use lowercase letters, digits and dashes, such as '{example}'.");
        return null;
    }

    private (string? Schedule, EventTrigger? Trigger) When(MappingReader campaign)
    {
        var (scheduleNode, triggerNode) = (campaign["schedule"], campaign["trigger"]);
        if (scheduleNode is not null && triggerNode is not null)
        {
            var later = campaign.KeyNode("schedule").Start.Line > campaign.KeyNode("trigger").Start.Line ? "schedule" : "trigger";
            context.Error(campaign.KeyNode(later), "A campaign runs either on a schedule or on a trigger, not both; remove one of them.");
            return (null, null);
        }
        if (scheduleNode is null && triggerNode is null)
        {
            context.Error(campaign.Anchor, "Say when the campaign runs: a schedule (a Quartz cron such as \"0 0 10 * * ?\") or a trigger (an event such as membership_expired).");
            return (null, null);
        }

        if (scheduleNode is not null) return (CronSchedule.Read(context, scheduleNode), null);
        if (campaign.Block("trigger") is not { } trigger) return (null, null);
        var eventName = EventName(trigger, "The trigger needs an event: the name of what happened to the customer, such as membership_expired.");
        var delay = trigger["delay"] is { } delayNode ? context.Duration(delayNode, "delay") : TimeSpan.Zero;
        return (null, eventName is null || delay is null ? null : new EventTrigger(eventName, delay.Value));
    }

    private string? EventName(MappingReader block, string whenMissing)
    {
        if (block.Required("event", whenMissing) is not { } node || context.Text(node, "event") is not { } name) return null;
        if (EventPattern().IsMatch(name)) return name;
        context.Error(node, $"The event '{name}' must be one word, such as {Regex.Replace(name.Trim(), @"\s+", "_")}.");
        return null;
    }

    private Dictionary<string, object?> Offer(MappingReader offer)
    {
        var values = new Dictionary<string, object?>();
        foreach (var (name, key, value) in offer.Entries)
        {
            if (!OfferNamePattern().IsMatch(name))
                context.Error(key, $"The offer value '{name}' is used in messages as {{{{ offer.{name} }}}}, so its name must be one word of letters, digits and underscores, such as coupon_code.");
            else if (value is not YamlScalarNode scalar || ValueReading.IsEmpty(value))
                context.Error(value, $"The offer value {name} must be a single value such as 20 or COMEBACK20, not {ValueReading.Shown(value)}.");
            else
                values[name] = Typed(scalar);
        }
        return values;
    }

    // Plain YAML scalars keep their type so templates can compute with them; amounts are decimals, as money should be.
    private static object Typed(YamlScalarNode scalar)
    {
        var text = scalar.Value!;
        if (scalar.Style != ScalarStyle.Plain) return text;
        if (text is "true" or "false") return text == "true";
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)) return amount;
        return text;
    }

    private void CheckStepMessages(IReadOnlyList<StepReader.ReadStep> steps, IReadOnlyList<CampaignVariant> variants)
    {
        foreach (var step in steps)
        foreach (var (channel, node) in step.ChannelNodes)
        foreach (var variant in variants.Where(v => !v.Messages.ContainsKey(channel)))
            context.Error(node, $"Step '{step.Step.Name}' sends on {channel.ToName()}, but variant '{variant.Name}' has no {channel.ToName()} message; add one under its messages.");
    }

    private BlockedPolicy? WhenBlocked(MappingReader block)
    {
        var defaults = BlockedPolicy.Default;
        var capped = block["capped"] is { } cappedNode ? context.Word(cappedNode, "an action", CampaignLanguage.BlockedActions) : defaults.WhenCapped;
        var quiet = block["quiet_hours"] is { } quietNode ? context.Word(quietNode, "an action", CampaignLanguage.BlockedActions) : defaults.InQuietHours;
        (TimeSpan? Value, bool Valid) expires = block["expires_after"] is { } expiresNode ? ExpiresAfter(expiresNode) : (defaults.ExpiresAfter, true);
        return capped is null || quiet is null || !expires.Valid ? null : new BlockedPolicy(capped.Value, quiet.Value, expires.Value);
    }

    private (TimeSpan? Value, bool Valid) ExpiresAfter(YamlNode node)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "never" }) return (null, true);
        var duration = context.Duration(node, "expires_after");
        return (duration, duration is not null);
    }

    private CampaignGoal? Goal(MappingReader goal)
    {
        var eventName = EventName(goal, "The goal needs an event: what counts as success, such as purchase.");
        var window = goal["window"] is { } windowNode ? context.Duration(windowNode, "window") : TimeSpan.FromDays(7);
        var exit = goal["exit_on_goal"] is { } exitNode ? context.YesNo(exitNode, "exit_on_goal") : true;
        return eventName is null || window is null || exit is null ? null : new CampaignGoal(eventName, window.Value, exit.Value);
    }

    private StopRule? StopRule(MappingReader rule)
    {
        var touches = rule.Required("after_touches", "The stop rule needs after_touches: how many touches to send before judging the ROI.") is { } touchesNode
            ? context.WholeNumber(touchesNode, "after_touches", Touches)
            : null;
        var roi = rule.Required("min_roi", "The stop rule needs min_roi: the ROI below which the campaign stops, such as 0.5.") is { } roiNode
            ? context.Number(roiNode, "min_roi", Roi)
            : null;
        return touches is null || roi is null ? null : new StopRule(touches.Value, roi.Value);
    }
}
