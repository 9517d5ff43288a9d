using System.Security.Cryptography;
using System.Text;
using Outreach.Core.Campaigns;

namespace Outreach.Core.Experiments;

/// <summary>
/// Puts a customer in a campaign's holdout or one of its variants by hashing campaign id and customer id:
/// the same answer on every run and every node, with no state to keep.
/// </summary>
public static class VariantAssigner
{
    private const int Buckets = 10_000;

    /// <summary>The variant, or null when the customer is held out.</summary>
    public static CampaignVariant? Assign(Campaign campaign, string customerId)
    {
        var bucket = Bucket(campaign.Id, customerId);
        if (bucket < campaign.HoldoutPercent / 100.0 * Buckets) return null;

        // Spread the non-held-out buckets over the variants by weight, using a second hash so
        // changing the holdout does not reshuffle who gets which variant.
        var totalWeight = campaign.Variants.Sum(v => v.Weight);
        var point = Bucket(campaign.Id + "/variant", customerId) / (double)Buckets * totalWeight;
        foreach (var variant in campaign.Variants)
        {
            if (point < variant.Weight) return variant;
            point -= variant.Weight;
        }
        return campaign.Variants[^1];
    }

    public static int Bucket(string salt, string customerId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(salt + "\u001f" + customerId), hash);
        return (int)(BitConverter.ToUInt32(hash) % Buckets);
    }
}
