using Outreach.Core;

namespace Outreach.Limits;

/// <summary>The <c>Limits</c> section of <c>config/limits.json</c>: caps, whitelist rules, quiet hours and where the limiter keeps state.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>The caps; when the section has none, <see cref="DefaultRules"/> apply.</summary>
    public List<FrequencyCapRule>? Rules { get; set; }
    public List<CustomerListRule> Lists { get; set; } = [];
    public QuietHoursOptions QuietHours { get; set; } = new();

    /// <summary>StackExchange.Redis configuration string; set: the Redis limiter, empty: the in-process one.</summary>
    public string? Redis { get; set; }
    public string KeyPrefix { get; set; } = "outreach:limits";

    /// <summary>Customers share hash buckets so that each costs a listpack field, not a key; keep customers / buckets under ~100.</summary>
    public int Buckets { get; set; } = 65536;

    /// <summary>Where the in-process flavour keeps whitelists and suppressions across restarts.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Circuit breaker: after this many consecutive Redis failures, answer Unavailable for <see cref="BreakFor"/> without calling Redis.</summary>
    public int BreakAfterFailures { get; set; } = 3;
    public string BreakFor { get; set; } = "5s";

    /// <summary>How often a node looks for whitelist changes made by other nodes.</summary>
    public string ListRefresh { get; set; } = "5s";

    /// <summary>Check customer and address histories in one script (false) or one per hash slot with compensation (true); null: split on a cluster.</summary>
    public bool? SplitBySlot { get; set; }

    public IReadOnlyList<FrequencyCapRule> EffectiveRules => Rules ?? DefaultRules();

    /// <summary>1 per day and 3 per 7 days on all channels (the third for priority ≥ 8), 4 SMS and 1 call per 30 days.</summary>
    public static List<FrequencyCapRule> DefaultRules() =>
    [
        new() { Max = 1, Per = "1d" },
        new() { Max = 3, Per = "7d", ReservedSlots = 1, ReservedForPriority = 8 },
        new() { Max = 4, Per = "30d", Channel = Channel.Sms },
        new() { Max = 1, Per = "30d", Channel = Channel.Call },
    ];

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < EffectiveRules.Count; i++) errors.AddRange(EffectiveRules[i].Validate($"Limits.Rules[{i}]"));
        for (var i = 0; i < Lists.Count; i++) errors.AddRange(Lists[i].Validate($"Limits.Lists[{i}]"));
        errors.AddRange(QuietHours.Validate());
        if (Buckets < 1) errors.Add("Limits.Buckets must be at least 1.");
        if (BreakAfterFailures < 1) errors.Add("Limits.BreakAfterFailures must be at least 1.");
        if (!Duration.TryParse(BreakFor, out _)) errors.Add($"Limits.BreakFor '{BreakFor}' is not a duration such as 5s.");
        if (!Duration.TryParse(ListRefresh, out _)) errors.Add($"Limits.ListRefresh '{ListRefresh}' is not a duration such as 5s.");
        return errors;
    }
}
