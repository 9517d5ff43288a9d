namespace Outreach.Engine.Planning;

/// <summary>
/// What the campaigns would do in [<see cref="From"/>, <see cref="Until"/>): every pass in the order it would run, each
/// campaign's sum and the grand total, with the assumptions the numbers rest on. Made without sending or writing anything.
/// </summary>
public sealed record Forecast(
    DateTimeOffset From,
    DateTimeOffset Until,
    string Currency,
    long HistoryTouches,
    TimeSpan HistoryWindow,
    IReadOnlyList<CampaignForecast> Campaigns,
    IReadOnlyList<OccurrenceForecast> Occurrences,
    ForecastCounts Totals,
    IReadOnlyList<string> Assumptions);
