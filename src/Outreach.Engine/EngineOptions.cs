namespace Outreach.Engine;

/// <summary>Engine settings (section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Folder the campaign files are loaded from.</summary>
    public string CampaignsPath { get; set; } = "campaigns";

    /// <summary>Customers per audience batch when a run is planned, forecast or dry-run (claims have their own, <c>Engine:Dispatch:BatchSize</c>).</summary>
    public int BatchSize { get; set; } = 500;
}
