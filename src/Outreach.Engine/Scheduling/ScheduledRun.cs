using Outreach.Storage.Runs;

namespace Outreach.Engine.Scheduling;

/// <summary>
/// One firing of a campaign's schedule: the occurrence it was for, the node that planned it and the run it planned
/// (<see cref="Run"/>; the dispatchers send its touches), or why it did not run or finish (<see cref="Problem"/>). <see cref="Resumed"/>: a re-fire of
/// an occurrence whose run was cut short (node crash or shutdown), under the same run id.
/// </summary>
public sealed record ScheduledRun(
    string CampaignId,
    string RunId,
    DateTimeOffset ScheduledFor,
    DateTimeOffset FiredAt,
    string Node,
    RunRecord? Run,
    string? Problem = null,
    bool Resumed = false)
{
    public bool Succeeded => Run is not null;
}
