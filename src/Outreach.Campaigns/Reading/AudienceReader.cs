using Outreach.Campaigns.Language;
using Outreach.Core.Audience;
using Outreach.Core.Customers;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>
/// Turns an audience block into an <see cref="AudienceFilter"/>: every key is a condition and all must hold;
/// <c>any</c> holds when one of its blocks does, <c>exclude</c> when its block does not.
/// </summary>
internal sealed class AudienceReader(ReadContext context)
{
    private static readonly NumberRule Days = new("a number of days, such as 30 (negative counts the other way)", double.MinValue, double.MaxValue);
    private static readonly NumberRule DaysAgo = new("a number of days, 0 or more", 0, double.MaxValue);
    private static readonly NumberRule Cycles = new("a number of repurchase cycles, 0 or more, such as 1.5", 0, double.MaxValue);
    private static readonly NumberRule Score = new("a score from 1 (low) to 5 (high)", 1, 5);
    private static readonly NumberRule Amount = new("an amount, 0 or more", 0, double.MaxValue);
    private static readonly NumberRule Count = new("a whole number, 0 or more", 0, int.MaxValue, Whole: true);

    /// <summary>Reads the block under <paramref name="key"/>; an empty block means everyone unless <paramref name="mustNarrow"/>.</summary>
    public AudienceFilter? Read(YamlNode node, string key, YamlNode anchor, bool mustNarrow = false)
    {
        if (MappingReader.Open(context, node, CampaignLanguage.Audience, key, anchor) is not { } audience) return null;

        var filters = audience.Entries.SelectMany(entry => Conditions(audience, entry.Name, entry.Key, entry.Value)).ToList();
        if (mustNarrow && !audience.Entries.Any())
            context.Error(node, $"{key} is empty, so it would match every customer; add at least one condition.");
        return filters.Count == 1 ? filters[0] : new AllOf(filters);
    }

    private IEnumerable<AudienceFilter> Conditions(MappingReader audience, string name, YamlScalarNode key, YamlNode value) => name switch
    {
        "membership" => Membership(audience.Block(name)),
        "days_since_last_purchase" => Range(value, key, DaysAgo, days => new DaysSinceLastPurchaseFilter(days)),
        "cycles_since_last_purchase" => Range(value, key, Cycles, cycles => new CyclesSinceLastPurchaseFilter(cycles)),
        "rfm" => Rfm(audience.Block(name)),
        "lifecycle_stage" => Words(value, name, "a lifecycle stage", CampaignLanguage.LifecycleStages, stages => new LifecycleStageFilter(stages)),
        "pool" => Words(value, name, "a pool", CampaignLanguage.Pools, pools => new PoolFilter(pools)),
        "total_spend" => Range(value, key, Amount, amount => new TotalSpendFilter(amount)),
        "purchase_count" => Range(value, key, Count, count => new PurchaseCountFilter(count)),
        "tags" => Tags(audience.Block(name)),
        "consent" => context.Words(value, name, "a channel", CampaignLanguage.Channels)?.Select(channel => new ConsentFilter(channel)) ?? [],
        "any" => AnyOf(value),
        "exclude" => Read(value, name, key, mustNarrow: true) is { } excluded ? [new Not(excluded)] : [],
        _ => throw new InvalidOperationException($"The audience shape accepts '{name}' but the reader does not handle it."),
    };

    private IEnumerable<AudienceFilter> Membership(MappingReader? membership)
    {
        if (membership is null) yield break;
        if (membership["status"] is { } status && context.Words(status, "status", "a membership status", CampaignLanguage.MembershipStatuses) is { } statuses)
            yield return new MembershipStatusFilter(statuses);
        if (membership["tier"] is { } tier && context.Texts(tier, "tier", "[gold, platinum]") is { } tiers)
            yield return new MembershipTierFilter(tiers);
        foreach (var filter in Range(membership, "days_since_expiry", Days, days => new DaysSinceMembershipExpiryFilter(days)))
            yield return filter;
        foreach (var filter in Range(membership, "days_until_expiry", Days, days => new DaysUntilMembershipExpiryFilter(days)))
            yield return filter;
    }

    private IEnumerable<AudienceFilter> Rfm(MappingReader? rfm)
    {
        if (rfm is null) return [];
        return Range(rfm, "recency", Score, score => new RfmScoreFilter(RfmDimension.Recency, score))
            .Concat(Range(rfm, "frequency", Score, score => new RfmScoreFilter(RfmDimension.Frequency, score)))
            .Concat(Range(rfm, "monetary", Score, score => new RfmScoreFilter(RfmDimension.Monetary, score)));
    }

    private IEnumerable<AudienceFilter> Tags(MappingReader? tags)
    {
        if (tags is null) yield break;
        if (tags["any"] is null && tags["all"] is null)
            context.Error(tags.Anchor, "tags needs any: [...] (customers with at least one of the tags) or all: [...] (customers with every tag).");
        if (tags["any"] is { } any && context.Texts(any, "any", "[vip, newsletter]") is { } anyTags)
            yield return new TagsFilter(anyTags);
        if (tags["all"] is { } all && context.Texts(all, "all", "[vip, newsletter]") is { } allTags)
            yield return new TagsFilter(allTags, RequireAll: true);
    }

    private IEnumerable<AudienceFilter> AnyOf(YamlNode value)
    {
        if (context.List(value, "any", "[{ pool: [warning] }, { pool: [churned] }]") is not { } items) return [];
        return [new AnyOf(items.Select(item => Read(item, "Each entry of any", item, mustNarrow: true)).OfType<AudienceFilter>().ToList())];
    }

    private IEnumerable<AudienceFilter> Words<T>(YamlNode value, string key, string noun, IReadOnlyDictionary<string, T> words, Func<IReadOnlyList<T>, AudienceFilter> filter)
        where T : struct =>
        context.Words(value, key, noun, words) is { } chosen ? [filter(chosen)] : [];

    private IEnumerable<AudienceFilter> Range(MappingReader block, string key, NumberRule bound, Func<NumberRange, AudienceFilter> filter) =>
        block[key] is { } value ? Range(value, block.KeyNode(key), bound, filter) : [];

    private IEnumerable<AudienceFilter> Range(YamlNode value, YamlScalarNode key, NumberRule bound, Func<NumberRange, AudienceFilter> filter)
    {
        if (MappingReader.Open(context, value, CampaignLanguage.Range, key.Value!, key) is not { } range) return [];
        if (range["min"] is null && range["max"] is null)
        {
            context.Error(key, $"{key.Value} needs a min, a max or both, e.g. {{ min: 30, max: 60 }}.");
            return [];
        }

        var min = range["min"] is { } minNode ? context.Number(minNode, "min", bound) : null;
        var max = range["max"] is { } maxNode ? context.Number(maxNode, "max", bound) : null;
        if (min > max)
            context.Error(range["max"]!, $"max ({max}) is smaller than min ({min}), so no customer could match {key.Value}.");
        return [filter(new NumberRange(min, max))];
    }
}
