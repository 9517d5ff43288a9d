namespace Outreach.Engine.Results;

/// <summary>Results and the stop rule (section <c>Engine:Results</c>).</summary>
public sealed class ResultsOptions
{
    public const string SectionName = "Engine:Results";

    /// <summary>
    /// How often a running engine computes the results of each campaign with a stop rule and pauses the runs of one
    /// that does not pay. Each check reads the campaign's history, so minutes rather than seconds.
    /// </summary>
    public TimeSpan StopRuleInterval { get; set; } = TimeSpan.FromMinutes(5);
}
