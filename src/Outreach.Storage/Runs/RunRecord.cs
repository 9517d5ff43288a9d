namespace Outreach.Storage.Runs;

/// <summary>One run of a campaign: a scheduled occurrence, a manual run, or a day's event-triggered touches.</summary>
/// <param name="Trigger">What started it: <c>schedule</c>, <c>manual</c> or <c>event</c>.</param>
/// <param name="Audience">Customers planned; null while the run is still planning.</param>
public sealed record RunRecord(
    string CampaignId,
    string RunId,
    RunState State,
    string Trigger,
    long? Audience,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
