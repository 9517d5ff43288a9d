namespace Outreach.Engine.Scheduling;

/// <summary>What one sync did to Quartz, by campaign id; a campaign whose schedule Quartz refused is in <see cref="Problems"/>.</summary>
public sealed record ScheduleSyncReport(
    IReadOnlyList<string> Scheduled,
    IReadOnlyList<string> Rescheduled,
    IReadOnlyList<string> Unscheduled,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Problems)
{
    public bool ChangedAnything => Scheduled.Count + Rescheduled.Count + Unscheduled.Count > 0;
}
