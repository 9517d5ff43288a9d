using Outreach.Core.Campaigns;

namespace Outreach.Campaigns;

/// <summary>The outcome of loading a folder: the valid campaigns, and every problem of every file.</summary>
public sealed record CampaignSetResult(IReadOnlyList<Campaign> Campaigns, IReadOnlyList<CampaignDiagnostic> Diagnostics)
{
    public bool IsValid => Diagnostics.Count == 0;
}
