using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Runs;

/// <summary>Where a run is, as marketers ask it: its phase and live counters, read from the ledger (the same on every node).</summary>
public sealed record RunStatus(RunRecord Run, IReadOnlyDictionary<TouchStatus, long> Touches)
{
    public long this[TouchStatus status] => Touches.TryGetValue(status, out var count) ? count : 0;

    /// <summary>Customers planned into the run (so far, while planning).</summary>
    public long Audience => Run.Audience ?? Touches.Values.Sum();

    public long HeldOut => this[TouchStatus.HeldOut];
    public long Suppressed => this[TouchStatus.Suppressed] + this[TouchStatus.NotAllowed];
    public long Capped => this[TouchStatus.Capped];
    public long Deferred => this[TouchStatus.Deferred];

    /// <summary>In the queue and not held back: planned (due now, or later like a sequence's next step) or being sent.</summary>
    public long Queued => this[TouchStatus.Planned] + this[TouchStatus.Reserved];
    public long Paused => this[TouchStatus.Paused];
    public long Sent => this[TouchStatus.Sent] + this[TouchStatus.Delivered];
    public long Failed => this[TouchStatus.Failed];

    /// <summary>Touches still to be sent some day (queued, deferred, capped or paused).</summary>
    public long Pending => Queued + Deferred + Capped + Paused;

    /// <summary>The stored state, and Completed for a running run with nothing left to send.</summary>
    public string Phase => Run.State switch
    {
        RunState.Running when Pending == 0 => "completed",
        var state => state.ToString().ToLowerInvariant(),
    };
}
