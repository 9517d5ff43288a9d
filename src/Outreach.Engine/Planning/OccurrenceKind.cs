namespace Outreach.Engine.Planning;

/// <summary>Why a campaign runs in a forecast.</summary>
public enum OccurrenceKind
{
    /// <summary>A fire time of the campaign's cron schedule.</summary>
    Scheduled,

    /// <summary>
    /// An event-triggered campaign: events are not known in advance, so the forecast makes one pass over the customers
    /// who are eligible now.
    /// </summary>
    OnEvent,
}
