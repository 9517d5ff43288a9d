using Outreach.Campaigns.Rendering;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Storage;

namespace Outreach.Engine.Preview;

/// <summary>
/// What a campaign would do now, without doing it: the audience, its exact split over the variants and the holdout,
/// and messages rendered for a few real customers of each variant. Reads the audience once; assigns, reserves, sends
/// and records nothing. <c>outreach preview</c> and <c>GET /campaigns/{id}/preview</c> show it.
/// </summary>
public sealed class CampaignPreviewer(ICustomerStore store, MessageRenderer renderer, TimeProvider time)
{
    private const int BatchSize = 2000;

    /// <param name="samplesPerVariant">Customers per variant whose messages are rendered (on each of the variant's channels).</param>
    /// <param name="progress">Customers read so far, after each batch.</param>
    public async Task<CampaignPreview> PreviewAsync(Campaign campaign, int samplesPerVariant, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samplesPerVariant);
        var now = time.GetUtcNow();
        var split = new Dictionary<string, long>(StringComparer.Ordinal);
        var samples = new List<PreviewSample>();
        long holdout = 0, audience = 0;
        // Assignment is a hash of campaign and customer: the exact split costs one pass over the audience and no writes.
        await foreach (var batch in store.StreamAudienceAsync(campaign.Audience, now, BatchSize, ct))
        {
            foreach (var profile in batch)
            {
                if (VariantAssigner.Assign(campaign, profile.Customer.Id) is not { } variant)
                {
                    holdout++;
                    continue;
                }
                split[variant.Name] = split.GetValueOrDefault(variant.Name) + 1;
                if (samples.Count(s => s.Variant == variant) < samplesPerVariant)
                    samples.Add(new PreviewSample(variant, profile, [.. variant.Channels.Select(channel => renderer.Render(campaign, variant, channel, profile))]));
            }
            audience += batch.Count;
            progress?.Report(audience);
        }
        var arms = campaign.Variants.Select(v => new PreviewArm(v.Name, v.Weight, v.Channels, split.GetValueOrDefault(v.Name), Holdout: false))
            .Append(new PreviewArm("holdout", campaign.HoldoutPercent, [], holdout, Holdout: true));
        return new CampaignPreview(campaign, now, audience, [.. arms], samples);
    }
}

/// <summary>A campaign's audience as of <paramref name="At"/>, split over its arms, with sample messages.</summary>
public sealed record CampaignPreview(Campaign Campaign, DateTimeOffset At, long Audience, IReadOnlyList<PreviewArm> Arms, IReadOnlyList<PreviewSample> Samples)
{
    /// <summary>The arm's share of the audience, 0 to 1 (0 for an empty audience).</summary>
    public double Share(PreviewArm arm) => Audience == 0 ? 0 : (double)arm.Customers / Audience;
}

/// <summary>A variant (or the holdout: no channels, never touched) with its configured weight and the customers it gets now.</summary>
public sealed record PreviewArm(string Name, double Weight, IReadOnlyList<Channel> Channels, long Customers, bool Holdout);

/// <summary>One customer of a variant and their message on each of the variant's channels, in the variant's order.</summary>
public sealed record PreviewSample(CampaignVariant Variant, CustomerProfile Profile, IReadOnlyList<RenderedMessage> Messages);
