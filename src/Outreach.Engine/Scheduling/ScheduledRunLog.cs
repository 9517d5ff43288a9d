namespace Outreach.Engine.Scheduling;

/// <summary>Where scheduled runs are announced as they finish, for <c>outreach start</c> to print and tests to watch.</summary>
public sealed class ScheduledRunLog
{
    public event Action<ScheduledRun>? Completed;

    internal void Report(ScheduledRun run) => Completed?.Invoke(run);
}
