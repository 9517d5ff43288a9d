using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Customers;

namespace Outreach.Storage.Tests.Support;

/// <summary>Random audience filters (nested all/any/not included) with bounds drawn near the interesting values.</summary>
public sealed class RandomAudience(int seed)
{
    private readonly Random _random = new(seed);
    private static readonly double[] DayBounds = [-30, -1, 0, 1, 3, 7, 14, 20, 30, 45, 60, 90, 180, 365];
    private static readonly double[] CycleBounds = [0, 0.5, 1, 1.5, 2, 3, 10];
    private static readonly double[] SpendBounds = [0, 50, 99.99, 100, 500, 2000, 4999.99, 5000, 8000];

    /// <summary>Every leaf on its own with each interesting bound: boundary mistakes show up here deterministically.</summary>
    public static IEnumerable<AudienceFilter> Leaves()
    {
        foreach (var dimension in Enum.GetValues<RfmDimension>())
        for (var score = 0; score <= 5; score++)
            yield return new RfmScoreFilter(dimension, new(score, score));
        foreach (var pool in Enum.GetValues<CustomerPool>()) yield return new PoolFilter([pool]);
        foreach (var stage in Enum.GetValues<LifecycleStage>()) yield return new LifecycleStageFilter([stage]);
        foreach (var days in DayBounds)
        {
            yield return new DaysSinceLastPurchaseFilter(new(days, null));
            yield return new DaysSinceLastPurchaseFilter(new(null, days));
            yield return new DaysSinceMembershipExpiryFilter(new(days, null));
            yield return new DaysUntilMembershipExpiryFilter(new(null, days));
        }
        foreach (var cycles in CycleBounds) yield return new CyclesSinceLastPurchaseFilter(new(cycles, null));
        foreach (var spend in SpendBounds) yield return new TotalSpendFilter(new(spend, null));
        foreach (var tag in RandomCustomers.TagPool) yield return new TagsFilter([tag]);
        foreach (var tier in RandomCustomers.TierPool) yield return new MembershipTierFilter([tier]);
    }

    public AudienceFilter Next(int depth = 0)
    {
        var roll = _random.Next(depth >= 3 ? 14 : 19);
        return roll switch
        {
            0 => new MembershipStatusFilter(Some(Enum.GetValues<MembershipStatus>())),
            1 => new MembershipTierFilter(Some([.. RandomCustomers.TierPool, "none-such"])),
            2 => new DaysSinceMembershipExpiryFilter(Range(DayBounds)),
            3 => new DaysUntilMembershipExpiryFilter(Range(DayBounds)),
            4 => new DaysSinceLastPurchaseFilter(Range(DayBounds)),
            5 => new CyclesSinceLastPurchaseFilter(Range(CycleBounds)),
            6 => new RfmScoreFilter((RfmDimension)_random.Next(3), Range([0, 1, 2, 3, 4, 5])),
            7 => new LifecycleStageFilter(Some(Enum.GetValues<LifecycleStage>())),
            8 => new PoolFilter(Some(Enum.GetValues<CustomerPool>())),
            9 => new TotalSpendFilter(Range(SpendBounds)),
            10 => new PurchaseCountFilter(Range([0, 1, 2, 4, 5, 8, 16])),
            11 => new TagsFilter(Some(RandomCustomers.TagPool), RequireAll: _random.Next(2) == 0),
            12 => new ConsentFilter((Channel)_random.Next(4)),
            13 => new PoolFilter([(CustomerPool)_random.Next(5)]),
            14 or 15 => new AllOf(Children(depth)),
            16 or 17 => new AnyOf(Children(depth)),
            _ => new Not(Next(depth + 1)),
        };
    }

    private List<AudienceFilter> Children(int depth) => Enumerable.Range(0, _random.Next(4)).Select(_ => Next(depth + 1)).ToList();

    private List<T> Some<T>(IReadOnlyList<T> values) => values.Where(_ => _random.Next(3) == 0).ToList();

    private NumberRange Range(double[] bounds)
    {
        double? Pick() => _random.Next(4) == 0 ? null : bounds[_random.Next(bounds.Length)] + (_random.Next(4) == 0 ? _random.NextDouble() : 0);
        var (a, b) = (Pick(), Pick());
        return a is { } x && b is { } y && x > y ? new(y, x) : new(a, b);
    }
}
