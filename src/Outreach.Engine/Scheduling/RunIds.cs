using System.Globalization;

namespace Outreach.Engine.Scheduling;

/// <summary>Run ids of scheduled runs: from the occurrence's scheduled time, so a re-fire of it reuses its touch ids.</summary>
public static class RunIds
{
    public static string ForOccurrence(DateTimeOffset scheduledFor) =>
        "cron-" + scheduledFor.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
