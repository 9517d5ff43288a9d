namespace Outreach.Engine.Scheduling;

/// <summary>Quartz settings (section <c>Scheduling</c>); which database holds the job store follows <c>Storage:Provider</c>.</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>The SQLite job store file; when empty, <c>quartz.db</c> next to the customer store.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>How late a firing may be before it counts as missed and the misfire policy applies (e.g. <c>1m</c>).</summary>
    public string MisfireThreshold { get; set; } = "1m";

    /// <summary>The scheduler's name; every node of a cluster must use the same one.</summary>
    public string InstanceName { get; set; } = "outreach";

    /// <summary>
    /// How long after a scheduled run's planning failed (the store unreachable, say) it is planned again, under the same
    /// run id so nobody is planned twice; the wait doubles with each failure of the same run, up to an hour.
    /// </summary>
    public TimeSpan PlanningRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the campaigns folder must stay quiet after a change before it is reloaded.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(300);
}
