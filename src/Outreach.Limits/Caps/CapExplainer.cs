namespace Outreach.Limits.Caps;

/// <summary>Builds an explanation from a plan and the histories it reads, for both limiters.</summary>
internal static class CapExplainer
{
    /// <summary><paramref name="decided"/> is a decision taken before the caps (not allowed, suppressed, exempt), if any.</summary>
    public static CapStatus Explain(CapPlan? plan, IReadOnlyList<IReadOnlyList<TouchEntry>> histories, LimitDecision? decided, DateTimeOffset now)
    {
        var check = plan is null ? null : PlanCheck.Of(plan, histories, now);
        var decision = decided ?? check!.Decision;
        DateTimeOffset? next = decision.Outcome switch
        {
            LimitOutcome.Denied or LimitOutcome.Unavailable => decision.NextEligibleAt,
            LimitOutcome.NotAllowed or LimitOutcome.Suppressed => null,
            _ => now,
        };
        return new(decision, check?.Rules ?? [], next);
    }
}
