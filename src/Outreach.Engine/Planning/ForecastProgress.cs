namespace Outreach.Engine.Planning;

/// <summary>How far a forecast is: the pass being decided and the customers decided in it so far.</summary>
public sealed record ForecastProgress(string CampaignId, string Step, DateTimeOffset At, long CustomersDecided, int Pass, int Passes);
