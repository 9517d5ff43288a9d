using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Runs;

/// <summary>
/// Status, pause, resume and cancel of campaign runs. State and touches live in the database, so a pause given on
/// one node (or from the command line) holds on all of them.
/// </summary>
public sealed class RunControl(IRunStore runs, ITouchLedger ledger)
{
    private static readonly TouchStatus[] Waiting = [TouchStatus.Planned, TouchStatus.Deferred, TouchStatus.Capped];

    public async Task<RunStatus?> GetAsync(string campaignId, string runId, CancellationToken ct = default) =>
        await runs.GetRunAsync(campaignId, runId, ct) is { } run
            ? new RunStatus(run, await ledger.CountByStatusAsync(campaignId, runId, ct))
            : null;

    public async Task<IReadOnlyList<RunStatus>> ListAsync(string? campaignId, int limit = 20, CancellationToken ct = default)
    {
        var statuses = new List<RunStatus>();
        foreach (var run in await runs.ListRunsAsync(campaignId, limit, ct))
            statuses.Add(new RunStatus(run, await ledger.CountByStatusAsync(run.CampaignId, run.RunId, ct)));
        return statuses;
    }

    /// <summary>Holds every touch of the run not yet being sent; touches in flight finish.</summary>
    public Task<RunControlResult> PauseAsync(string campaignId, string runId, CancellationToken ct = default) =>
        PauseAsync(campaignId, runId, "the run is paused", ct);

    /// <summary>As <see cref="PauseAsync(string, string, CancellationToken)"/>, saying why (the run's note and the held touches' reason).</summary>
    public Task<RunControlResult> PauseAsync(string campaignId, string runId, string reason, CancellationToken ct = default) =>
        ChangeAsync(campaignId, runId, run => run.State switch
        {
            RunState.Cancelled => "it was cancelled",
            RunState.Paused => "it is paused already",
            _ => null,
        }, _ => RunState.Paused, Waiting, TouchStatus.Paused, reason, ct);

    public Task<RunControlResult> ResumeAsync(string campaignId, string runId, CancellationToken ct = default) =>
        ChangeAsync(campaignId, runId, run => run.State == RunState.Paused ? null : $"it is {run.State.ToString().ToLowerInvariant()}, not paused",
            run => run.Audience is null ? RunState.Planning : RunState.Running, [TouchStatus.Paused], TouchStatus.Planned, "resumed", ct);

    /// <summary>Stops the run for good: nothing of it not yet sent will be.</summary>
    public Task<RunControlResult> CancelAsync(string campaignId, string runId, CancellationToken ct = default) =>
        ChangeAsync(campaignId, runId, run => run.State == RunState.Cancelled ? "it is cancelled already" : null,
            _ => RunState.Cancelled, [.. Waiting, TouchStatus.Paused], TouchStatus.Cancelled, "the run was cancelled", ct);

    private async Task<RunControlResult> ChangeAsync(
        string campaignId, string runId, Func<RunRecord, string?> refuse, Func<RunRecord, RunState> next,
        TouchStatus[] from, TouchStatus to, string reason, CancellationToken ct)
    {
        if (await runs.GetRunAsync(campaignId, runId, ct) is not { } run)
            return new RunControlResult(false, $"campaign {campaignId} has no run '{runId}'", null, 0);
        if (refuse(run) is { } why)
            return new RunControlResult(false, $"run {runId} of {campaignId} cannot be changed: {why}", await GetAsync(campaignId, runId, ct), 0);

        // State first: a planner or dispatcher that looks now already plans the run's new touches in the new state.
        await runs.SetRunStateAsync(campaignId, runId, next(run), reason, ct);
        var moved = await ledger.MoveRunTouchesAsync(campaignId, runId, from, to, reason, ct);
        return new RunControlResult(true, reason, await GetAsync(campaignId, runId, ct), moved);
    }
}

/// <summary>What a pause, resume or cancel did: done or refused (with why), the run's status after, and touches moved.</summary>
public sealed record RunControlResult(bool Done, string Message, RunStatus? Status, long TouchesMoved);
