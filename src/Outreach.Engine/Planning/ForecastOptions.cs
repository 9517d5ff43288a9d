namespace Outreach.Engine.Planning;

/// <summary>What a forecast covers: every occurrence in [<see cref="From"/>, <see cref="Until"/>).</summary>
public sealed record ForecastOptions(DateTimeOffset From, int Days)
{
    public const int MinDays = 1;
    public const int MaxDays = 366;

    public DateTimeOffset Until => From.AddDays(Days);

    /// <summary>Null when the options can be forecast, otherwise what is wrong with them.</summary>
    public string? Problem => Days is < MinDays or > MaxDays ? $"The forecast covers {MinDays} to {MaxDays} days, not {Days}." : null;
}
