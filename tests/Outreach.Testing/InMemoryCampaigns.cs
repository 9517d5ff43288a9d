using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Outreach.Engine;
using Outreach.Core.Campaigns;

namespace Outreach.Testing;

/// <summary>The campaigns in force for a test: what the catalog would hold after loading a folder.</summary>
public sealed class InMemoryCampaigns : ICampaignSource
{
    private readonly ConcurrentDictionary<string, Campaign> _campaigns = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Campaign> All => _campaigns.Values.ToList();

    public bool TryGet(string campaignId, [NotNullWhen(true)] out Campaign? campaign) => _campaigns.TryGetValue(campaignId, out campaign);

    public void Put(Campaign campaign) => _campaigns[campaign.Id] = campaign;

    public void Remove(string campaignId) => _campaigns.TryRemove(campaignId, out _);
}
