namespace Outreach.Engine.Scheduling;

/// <summary>A campaign as Quartz holds it: its cron, its time zone and when it fires next (UTC and local to the campaign).</summary>
public sealed record ScheduledCampaign(string CampaignId, string Cron, TimeZoneInfo TimeZone, DateTimeOffset? NextFireUtc)
{
    public DateTimeOffset? NextFireLocal => NextFireUtc is { } next ? TimeZoneInfo.ConvertTime(next, TimeZone) : null;
}
