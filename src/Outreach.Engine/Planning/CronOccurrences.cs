using Quartz;

namespace Outreach.Engine.Planning;

/// <summary>The fire times of a Quartz cron schedule read in a time zone, the way the scheduler's cron trigger fires it.</summary>
public static class CronOccurrences
{
    /// <summary>Every fire time in [<paramref name="from"/>, <paramref name="until"/>), in order.</summary>
    public static IEnumerable<DateTimeOffset> Between(string cron, string timeZone, DateTimeOffset from, DateTimeOffset until)
    {
        var expression = new CronExpression(cron, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        // Quartz answers strictly after a time, in whole seconds: start one second early so a fire exactly at `from` counts.
        var next = expression.GetNextValidTimeAfter(from.AddSeconds(-1));
        while (next is { } at && at < until)
        {
            if (at >= from) yield return at;
            next = expression.GetNextValidTimeAfter(at);
        }
    }
}
