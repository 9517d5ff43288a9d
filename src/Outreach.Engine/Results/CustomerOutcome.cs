using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Results;

/// <summary>
/// One customer's part in a campaign, from their touches and goal events: the arm they are in, what went out to them at
/// what cost, and the conversions attributed to the campaign.
/// </summary>
/// <remarks>
/// The attribution rule: every decision about the customer (a variant's touch in whatever outcome, or their holdout
/// record) is a point the goal window counts from. A goal event converts the last such point before it, when it falls
/// within the window — last touch within the campaign, over all its runs. Held-out customers are followed from their
/// holdout record exactly as touched ones are from their touches, so the two rates compare like with like.
/// </remarks>
public sealed record CustomerOutcome(string Arm, ArmKind Kind, bool Touched, bool Delivered, int Touches, decimal Cost, bool Converted, decimal Revenue)
{
    /// <summary>The outcome, or null when the customer was never decided into an arm (suppressed, not allowed, still planned).</summary>
    /// <param name="touches">The customer's touches of the campaign, oldest update first.</param>
    /// <param name="goals">The customer's goal events (of the campaign's goal type), any order.</param>
    public static CustomerOutcome? Of(
        IReadOnlyList<TouchRecord> touches, IEnumerable<CustomerEvent> goals, TimeSpan? window, Func<TouchRecord, decimal> unitCost)
    {
        var decisions = touches.Where(IsDecision).OrderBy(t => t.UpdatedAt).ToList();
        if (decisions.Count == 0) return null;

        var (arm, kind) = ArmOf(decisions[^1]);
        var sent = touches.Where(t => t.Status is TouchStatus.Sent or TouchStatus.Delivered).ToList();
        var converted = false;
        var revenue = 0m;
        if (window is { } goalWindow)
        {
            foreach (var goal in goals)
            {
                var last = decisions.LastOrDefault(d => d.UpdatedAt <= goal.OccurredAt);
                if (last is null || goal.OccurredAt - last.UpdatedAt > goalWindow) continue;
                converted = true;
                revenue += goal.Amount ?? 0m;
            }
        }
        return new CustomerOutcome(arm, kind, sent.Count > 0, sent.Any(t => t.Status == TouchStatus.Delivered), sent.Count,
            sent.Sum(unitCost), converted, revenue);
    }

    /// <summary>
    /// A holdout record, or a touch decided for a variant, whatever became of it since: only the decider sets a variant,
    /// so a touch with one was assigned, and one paused, cancelled or queued again after its decision stays in its arm as
    /// a held-out customer stays in the holdout (counting only some would bias the comparison).
    /// </summary>
    private static bool IsDecision(TouchRecord touch) => touch.Status == TouchStatus.HeldOut || touch.Variant is not null;

    private static (string Arm, ArmKind Kind) ArmOf(TouchRecord decision) => decision.Status == TouchStatus.HeldOut
        ? decision.Reason == GlobalHoldoutOptions.Reason ? (GlobalHoldoutOptions.ArmName, ArmKind.GlobalHoldout) : (HoldoutArm, ArmKind.Holdout)
        : (decision.Variant!, ArmKind.Variant);

    /// <summary>The name the campaign's own holdout goes by in results.</summary>
    public const string HoldoutArm = "holdout";
}
