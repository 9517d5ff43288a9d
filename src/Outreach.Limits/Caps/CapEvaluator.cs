namespace Outreach.Limits.Caps;

/// <summary>The cap arithmetic, in C#: what the in-process limiter runs and what explanations read. The Lua script mirrors it.</summary>
internal static class CapEvaluator
{
    /// <summary>The entries still worth keeping: younger than the longest window of any rule of the scope that counts their channel.</summary>
    public static List<TouchEntry> Trim(IEnumerable<TouchEntry> entries, long[] keepSeconds, long now) =>
        entries.Where(entry => now - entry.At < keepSeconds[(int)entry.Channel]).ToList();

    public static bool Holds(IReadOnlyList<TouchEntry> entries, uint touchKey) => entries.Any(entry => entry.TouchKey == touchKey);

    /// <summary>Each rule's count and when it has room again (now when it has room; -1 when waiting never helps, i.e. a limit of 0).</summary>
    public static RuleState[] Check(IReadOnlyList<TouchEntry> entries, IReadOnlyList<PlannedRule> rules, long now)
    {
        var states = new RuleState[rules.Count];
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            var times = entries.Where(entry => rule.Counts(entry, now)).Select(entry => entry.At).Order().ToList();
            var eligibleAt = times.Count < rule.Limit ? now
                : rule.Limit <= 0 ? -1
                : times[times.Count - rule.Limit] + rule.WindowSeconds;
            states[r] = new(times.Count, eligibleAt);
        }
        return states;
    }

    /// <summary>When every given rule has room: the latest of their times, or -1 if one never will.</summary>
    public static long EligibleAt(IEnumerable<RuleState> states, long now)
    {
        var at = now;
        foreach (var state in states)
        {
            if (state.EligibleAt < 0) return -1;
            at = Math.Max(at, state.EligibleAt);
        }
        return at;
    }
}

/// <summary>A rule's count in its window and when it next has room (unix seconds; -1: never by waiting).</summary>
internal readonly record struct RuleState(int Count, long EligibleAt);

/// <summary>A whole plan checked against its histories: the answer a reservation gets, every rule's count, and what to write.</summary>
internal sealed record PlanCheck(LimitDecision Decision, IReadOnlyList<RuleCount> Rules, IReadOnlyList<List<TouchEntry>> Kept, IReadOnlyList<bool> Holds)
{
    /// <summary>Checks in plan order, so the rule named in a denial is the first full one in configuration order.</summary>
    public static PlanCheck Of(CapPlan plan, IReadOnlyList<IReadOnlyList<TouchEntry>> histories, DateTimeOffset now)
    {
        var at = now.ToUnixTimeSeconds();
        var rules = new List<RuleCount>();
        var kept = new List<List<TouchEntry>>(plan.Subjects.Count);
        var holds = new List<bool>(plan.Subjects.Count);
        (PlannedRule Rule, RuleState State)? firstFull = null;
        var fullStates = new List<RuleState>();
        for (var s = 0; s < plan.Subjects.Count; s++)
        {
            var subject = plan.Subjects[s];
            kept.Add(CapEvaluator.Trim(histories[s], subject.KeepSeconds, at));
            holds.Add(CapEvaluator.Holds(kept[s], plan.TouchKey));
            var states = CapEvaluator.Check(kept[s], subject.Rules, at);
            for (var r = 0; r < states.Length; r++)
            {
                var rule = subject.Rules[r];
                rules.Add(new(rule.Rule, subject.Kind, states[r].Count, rule.Limit, ToInstant(states[r].EligibleAt)));
                if (holds[s] || states[r].Count < rule.Limit) continue;
                firstFull ??= (rule, states[r]);
                fullStates.Add(states[r]);
            }
        }
        LimitDecision decision = firstFull is var (full, state)
            ? LimitDecision.Denied(now, full.Rule, state.Count, full.Limit, ToInstant(CapEvaluator.EligibleAt(fullStates, at)))
            : plan.HasCaps && holds.All(held => held) ? LimitDecision.AlreadyReserved(now)
            : LimitDecision.Granted(now);
        return new(decision, rules, kept, holds);
    }

    public static DateTimeOffset? ToInstant(long unixSeconds) => unixSeconds < 0 ? null : DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
