using Outreach.Campaigns;
using Outreach.Core.Campaigns;

namespace Outreach.Engine.Scheduling;

/// <summary>The campaigns in force after a load of the folder, and the problems that load found.</summary>
public sealed record CatalogSnapshot(IReadOnlyDictionary<string, Campaign> Campaigns, IReadOnlyList<CampaignDiagnostic> Diagnostics, DateTimeOffset LoadedAt)
{
    public static readonly CatalogSnapshot Empty = new(new Dictionary<string, Campaign>(), [], DateTimeOffset.MinValue);
}
