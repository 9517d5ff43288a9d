using Outreach.Engine.Pipeline;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Dispatch;

/// <summary>How a decision is recorded in the ledger, and which outcomes let a sequence go on to its next step.</summary>
public static class TouchStatuses
{
    public static TouchStatus Of(TouchOutcome outcome) => outcome switch
    {
        TouchOutcome.HeldOut => TouchStatus.HeldOut,
        TouchOutcome.Suppressed => TouchStatus.Suppressed,
        TouchOutcome.NotAllowed => TouchStatus.NotAllowed,
        TouchOutcome.Unreachable => TouchStatus.Unreachable,
        TouchOutcome.Deferred => TouchStatus.Deferred,
        TouchOutcome.Dropped => TouchStatus.Dropped,
        TouchOutcome.Capped => TouchStatus.Capped,
        // The limiter could not be asked: the touch waits like a deferral and is tried again.
        TouchOutcome.Waiting => TouchStatus.Deferred,
        TouchOutcome.Sent => TouchStatus.Sent,
        TouchOutcome.Failed => TouchStatus.Failed,
        TouchOutcome.Planned => throw new ArgumentException("A planned decision is sent, not recorded as it is.", nameof(outcome)),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>
    /// A step that went out, or could not reach the customer on its channel, or was dropped, leads to the next step; a
    /// customer held out, suppressed, kept out by a list, at the goal or out of the audience leaves the sequence.
    /// </summary>
    public static bool ContinuesSequence(TouchStatus status) =>
        status is TouchStatus.Sent or TouchStatus.Delivered or TouchStatus.Unreachable or TouchStatus.Dropped or TouchStatus.Failed;

    /// <summary>Not finished: it will be tried when due (or when its run resumes).</summary>
    public static bool IsPending(TouchStatus status) =>
        status is TouchStatus.Planned or TouchStatus.Reserved or TouchStatus.Deferred or TouchStatus.Capped or TouchStatus.Paused;
}
