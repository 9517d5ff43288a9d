using Outreach.Core.Experiments;

namespace Outreach.Core.Tests.Experiments;

public class GlobalHoldoutOptionsTests
{
    private static readonly string[] Customers = Enumerable.Range(0, 20_000).Select(i => $"cust-{i}").ToArray();

    [Fact]
    public void About_the_configured_share_of_customers_is_held_out_and_always_the_same_ones()
    {
        var holdout = new GlobalHoldoutOptions { Percent = 5 };

        var held = Customers.Where(holdout.Contains).ToList();

        Assert.InRange(held.Count, 900, 1100);
        Assert.Equal(held, Customers.Where(new GlobalHoldoutOptions { Percent = 5 }.Contains));
    }

    [Fact]
    public void A_larger_share_keeps_everyone_a_smaller_one_held_out()
    {
        var small = Customers.Where(new GlobalHoldoutOptions { Percent = 5 }.Contains).ToHashSet();
        var large = Customers.Where(new GlobalHoldoutOptions { Percent = 10 }.Contains).ToHashSet();

        Assert.Superset(small, large);
    }

    [Fact]
    public void It_is_independent_of_campaign_holdouts()
    {
        // Not the same hash as a campaign's own holdout: otherwise a campaign's holdout would be empty of global members.
        var global = new GlobalHoldoutOptions { Percent = 10 };
        var campaignBuckets = Customers.Where(global.Contains).Select(c => VariantAssigner.Bucket("renewal-reminder", c)).ToList();

        Assert.InRange(campaignBuckets.Count(b => b < 1000) / (double)campaignBuckets.Count, 0.07, 0.13);
    }

    [Fact]
    public void Off_by_default() => Assert.DoesNotContain(Customers, new GlobalHoldoutOptions().Contains);
}
