using Outreach.Core;
using Outreach.Core.Campaigns;

namespace Outreach.Limits.Caps;

/// <summary>Turns a touch request into the histories and rules it must pass. Shared by both limiters so they agree.</summary>
internal sealed class CapPlanner(LimitsOptions options)
{
    private readonly IReadOnlyList<FrequencyCapRule> _rules = options.EffectiveRules;
    private readonly Scope[] _scopes = ScopesOf(options.EffectiveRules);
    private readonly long _longestWindow = options.EffectiveRules.Concat(options.Lists.SelectMany(list => list.Caps))
        .Select(rule => (long)rule.Window.TotalSeconds).DefaultIfEmpty(86400).Max();

    /// <summary>No entry is needed longer than this; buckets expire after it.</summary>
    public long LongestWindowSeconds => _longestWindow;

    public bool HasTransactionalRules => _rules.Any(rule => rule.Category == CampaignCategory.Transactional);

    /// <summary>The plan for one touch. <paramref name="listCaps"/> replace the general customer marketing caps; <paramref name="capsApply"/> false checks suppression only.</summary>
    public CapPlan Plan(TouchRequest request, IReadOnlyList<FrequencyCapRule>? listCaps, bool capsApply)
    {
        var suppressions = request.Address is null
            ? new[] { (SubjectKind.Customer, request.CustomerId) }
            : new[] { (SubjectKind.Customer, request.CustomerId), (SubjectKind.Address, request.Address) };
        var touchKey = TouchEntry.KeyOf(request.TouchId);
        if (!capsApply) return new(request.Channel, touchKey, suppressions, []);

        var scopes = listCaps is null ? _scopes : ScopesOf(RulesFor(listCaps));
        var subjects = new List<CapSubject>(2);
        foreach (var scope in scopes)
        {
            if (PlanRules(scope.Rules, request) is not { } planned) continue;
            var id = scope.Kind == SubjectKind.Address ? request.Address! : request.CustomerId;
            subjects.Add(new(scope.Kind, id, FieldOf(id, scope.Category, scope.Tag), planned, scope.KeepSeconds));
        }
        return new(request.Channel, touchKey, suppressions, subjects);
    }

    /// <summary>The scope's rules that apply to the touch, in an array sized once: every reservation plans its touch.</summary>
    private static PlannedRule[]? PlanRules(FrequencyCapRule[] rules, TouchRequest request)
    {
        // Each rule is asked once; the ones that apply are noted on the stack (a scope holds a handful of rules).
        Span<int> applying = stackalloc int[rules.Length];
        var count = 0;
        for (var r = 0; r < rules.Length; r++)
            if (rules[r].AppliesTo(request)) applying[count++] = r;
        if (count == 0) return null;
        var planned = new PlannedRule[count];
        for (var p = 0; p < count; p++)
        {
            var rule = rules[applying[p]];
            planned[p] = new(rule, (long)rule.Window.TotalSeconds, rule.LimitFor(request.Priority), rule.Channel is { } c ? (int)c : -1);
        }
        return planned;
    }

    /// <summary>The histories a touch was recorded in, to release it: every scope it could have been counted in.</summary>
    public IReadOnlyList<CapSubject> SubjectsToRelease(TouchRequest request)
    {
        var fields = new List<CapSubject>
        {
            new(SubjectKind.Customer, request.CustomerId, FieldOf(request.CustomerId, request.Category, null), [], []),
        };
        foreach (var tag in request.Tags) fields.Add(new(SubjectKind.Customer, request.CustomerId, FieldOf(request.CustomerId, request.Category, tag), [], []));
        if (request.Address is { } address)
        {
            fields.Add(new(SubjectKind.Address, address, FieldOf(address, request.Category, null), [], []));
            foreach (var tag in request.Tags) fields.Add(new(SubjectKind.Address, address, FieldOf(address, request.Category, tag), [], []));
        }
        return fields;
    }

    /// <summary>Rules grouped by the history they count in: who (customer or address), category and tag.</summary>
    private sealed record Scope(SubjectKind Kind, CampaignCategory Category, string? Tag, FrequencyCapRule[] Rules, long[] KeepSeconds);

    private static Scope[] ScopesOf(IReadOnlyList<FrequencyCapRule> rules) =>
        rules.GroupBy(rule => (rule.Key, rule.Category, Tag: rule.Tag?.ToLowerInvariant()))
            .Select(group => new Scope(group.Key.Key, group.Key.Category, group.Key.Tag, group.ToArray(), KeepSecondsOf(group.ToList())))
            .ToArray();

    private IReadOnlyList<FrequencyCapRule> RulesFor(IReadOnlyList<FrequencyCapRule>? listCaps) =>
        listCaps is null
            ? _rules
            : [.. _rules.Where(rule => !(rule.Key == SubjectKind.Customer && rule.Tag is null && rule.Category == CampaignCategory.Marketing)), .. listCaps];

    /// <summary>Scopes live side by side in the subject's bucket: <c>id</c>, <c>id!t</c> (transactional), <c>id#tag</c>.</summary>
    private static string FieldOf(string id, CampaignCategory category, string? tag) =>
        id + (category == CampaignCategory.Transactional ? "!t" : "") + (tag is null ? "" : "#" + tag.ToLowerInvariant());

    private static long[] KeepSecondsOf(IReadOnlyList<FrequencyCapRule> scopeRules)
    {
        var keep = new long[4];
        foreach (var rule in scopeRules)
            for (var c = 0; c < keep.Length; c++)
                if (rule.Channel is null || (int)rule.Channel == c) keep[c] = Math.Max(keep[c], (long)rule.Window.TotalSeconds);
        return keep;
    }
}
