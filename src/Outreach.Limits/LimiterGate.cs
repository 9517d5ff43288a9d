using Outreach.Core.Campaigns;
using Outreach.Limits.Caps;
using Outreach.Limits.Whitelists;

namespace Outreach.Limits;

/// <summary>The steps both limiters share before the caps: whitelist rules, exemptions, the plan.</summary>
internal sealed class LimiterGate(CapPlanner planner, WhitelistService whitelists)
{
    public CapPlanner Planner => planner;

    /// <summary>Either a final decision (not allowed, lists unknown) or the plan to check, and why caps do not apply if they do not.</summary>
    public async ValueTask<(LimitDecision? Decision, CapPlan? Plan, string? ExemptReason, string? ExemptList)> PrepareAsync(TouchRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var verdict = await whitelists.EvaluateAsync(request, ct);
        if (verdict.IsUnknown) return (LimitDecision.Unavailable(now, now.AddSeconds(5), "customer lists cannot be read"), null, null, null);
        if (verdict.NotAllowedBy is { } list) return (LimitDecision.NotAllowed(now, list), null, null, null);

        var (reason, exemptList) = verdict.ExemptBy is { } exempt ? ($"on exempt list '{exempt}'", exempt)
            : request.Category == CampaignCategory.Transactional && !planner.HasTransactionalRules ? ("transactional touches are exempt from marketing caps", null)
            : ((string?)null, (string?)null);
        return (null, planner.Plan(request, verdict.Caps, capsApply: reason is null), reason, exemptList);
    }
}
