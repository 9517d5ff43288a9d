using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Experiments;

namespace Outreach.Core.Tests.Experiments;

public class VariantAssignerTests
{
    private static Campaign Campaign(double holdout, params (string Name, double Weight)[] variants) => new()
    {
        Id = "renewal-reminder",
        Name = "Renewal",
        HoldoutPercent = holdout,
        Variants = variants.Select(v => new CampaignVariant(v.Name, v.Weight, [Channel.Sms],
            new Dictionary<Channel, MessageTemplate> { [Channel.Sms] = new() { Body = "hi" } })).ToList(),
    };

    private static readonly string[] Customers = Enumerable.Range(0, 20_000).Select(i => $"cust-{i}").ToArray();

    [Fact]
    public void The_same_customer_always_gets_the_same_answer()
    {
        var campaign = Campaign(10, ("plain", 50), ("trial", 50));
        var first = Customers.Select(c => VariantAssigner.Assign(campaign, c)?.Name).ToList();
        var again = Customers.Select(c => VariantAssigner.Assign(campaign with { }, c)?.Name).ToList();

        Assert.Equal(first, again);
    }

    [Fact]
    public void Holdout_and_weights_are_honoured_in_proportion()
    {
        var campaign = Campaign(10, ("plain", 30), ("trial", 70));
        var counts = Customers.GroupBy(c => VariantAssigner.Assign(campaign, c)?.Name ?? "holdout")
            .ToDictionary(g => g.Key, g => g.Count() / (double)Customers.Length);

        Assert.InRange(counts["holdout"], 0.09, 0.11);
        Assert.InRange(counts["plain"], 0.27 - 0.015, 0.27 + 0.015);   // 30% of the 90% touched
        Assert.InRange(counts["trial"], 0.63 - 0.015, 0.63 + 0.015);
    }

    [Fact]
    public void Changing_the_holdout_does_not_reshuffle_variants_of_those_still_touched()
    {
        var before = Campaign(5, ("plain", 50), ("trial", 50));
        var after = before with { HoldoutPercent = 20 };

        var moved = Customers.Count(c =>
            VariantAssigner.Assign(after, c) is { } v && VariantAssigner.Assign(before, c)?.Name != v.Name);
        Assert.Equal(0, moved);
    }

    [Fact]
    public void Different_campaigns_split_customers_independently()
    {
        var a = Campaign(0, ("x", 50), ("y", 50));
        var b = a with { Id = "win-back" };
        var same = Customers.Count(c => VariantAssigner.Assign(a, c)!.Name == VariantAssigner.Assign(b, c)!.Name);

        Assert.InRange(same / (double)Customers.Length, 0.47, 0.53);
    }
}
