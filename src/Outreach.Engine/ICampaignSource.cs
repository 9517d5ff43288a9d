using System.Diagnostics.CodeAnalysis;
using Outreach.Core.Campaigns;

namespace Outreach.Engine;

/// <summary>The campaigns in force, by id: what a dispatcher decides a claimed touch by (the catalog, in a running engine).</summary>
public interface ICampaignSource
{
    IReadOnlyCollection<Campaign> All { get; }

    bool TryGet(string campaignId, [NotNullWhen(true)] out Campaign? campaign);
}
