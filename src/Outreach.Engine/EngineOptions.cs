namespace Outreach.Engine;

/// <summary>Engine settings (section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Folder the campaign files are loaded from.</summary>
    public string CampaignsPath { get; set; } = "campaigns";

    /// <summary>Customers decided per audience batch (one limiter round trip per batch).</summary>
    public int BatchSize { get; set; } = 500;
}
