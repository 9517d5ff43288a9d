namespace Outreach.Engine.Planning;

/// <summary>
/// One campaign step at one moment of the forecast: step 0 at the occurrence, a later step after its waits.
/// <see cref="Approximate"/> passes assume the step-0 customers who entered the sequence all continue.
/// </summary>
public sealed record OccurrenceForecast(
    string CampaignId,
    OccurrenceKind Kind,
    DateTimeOffset Occurrence,
    int StepIndex,
    string Step,
    DateTimeOffset At,
    ForecastCounts Counts)
{
    public bool Approximate => StepIndex > 0;
}
