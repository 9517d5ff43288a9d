namespace Outreach.Engine.Planning;

/// <summary>One campaign's part of a forecast: when it runs, and its passes added up.</summary>
public sealed record CampaignForecast(
    string CampaignId,
    string Name,
    int Priority,
    string TimeZone,
    string Runs,
    int Occurrences,
    ForecastCounts Counts);
