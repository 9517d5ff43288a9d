using System.Globalization;

namespace Outreach.Engine.Scheduling;

/// <summary>
/// Run ids: those of scheduled runs come from the occurrence's scheduled time, so a re-fire of it reuses its touch ids;
/// any id must also stand in touch ids (<c>campaign/run/step/customer</c>) and in URLs as it is.
/// </summary>
public static class RunIds
{
    /// <summary>The longest run id.</summary>
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="runId"/> cannot name a run, or null when it can.</summary>
    public static string? Problem(string runId) =>
        runId.Length is 0 or > MaxLength || !runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':') || runId is "." or ".."
            ? $"A run id is 1 to {MaxLength} letters, digits, '-', '_', '.' or ':' (not '{runId}'): it becomes part of every touch id and of the run's URL."
            : null;

    public static string ForOccurrence(DateTimeOffset scheduledFor) =>
        "cron-" + scheduledFor.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
