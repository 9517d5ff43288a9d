using Outreach.Core.Campaigns;

namespace Outreach.Campaigns;

/// <summary>The outcome of loading one campaign file: the campaign when the file is valid, and every problem found.</summary>
public sealed record CampaignLoadResult(Campaign? Campaign, IReadOnlyList<CampaignDiagnostic> Diagnostics)
{
    public bool IsValid => Campaign is not null;
}
