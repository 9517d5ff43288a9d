namespace Outreach.Storage.Runs;

/// <summary>
/// Campaign runs and their state, shared by every node through the database (a pause on one node holds on all), and
/// the cursors of background scans. Lives beside the touch ledger, in the same database.
/// </summary>
public interface IRunStore
{
    /// <summary>Registers the run as Planning, or returns it as it is when it exists (a re-fire, a restart).</summary>
    Task<RunRecord> StartRunAsync(string campaignId, string runId, string trigger, CancellationToken ct = default);

    /// <summary>Records the audience planned and moves a Planning run to Running (a paused or cancelled one keeps its state).</summary>
    Task FinishPlanningAsync(string campaignId, string runId, long audience, CancellationToken ct = default);

    /// <summary>Adds to the audience of a run that grows as events arrive (an event-triggered campaign's day); a Planning run becomes Running.</summary>
    Task AddToAudienceAsync(string campaignId, string runId, long added, CancellationToken ct = default);

    /// <summary>Sets the state and its note; false when there is no such run.</summary>
    Task<bool> SetRunStateAsync(string campaignId, string runId, RunState state, string? note, CancellationToken ct = default);

    Task<RunRecord?> GetRunAsync(string campaignId, string runId, CancellationToken ct = default);

    /// <summary>The newest runs first, of one campaign or of all.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? campaignId, int limit, CancellationToken ct = default);

    Task<string?> GetCursorAsync(string name, CancellationToken ct = default);

    Task SetCursorAsync(string name, string value, CancellationToken ct = default);
}
