using Outreach.Campaigns.Tests.Support;
using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Tests.Reading;

/// <summary>The audience block maps onto the AudienceFilter tree of Outreach.Core, and bad conditions are pointed at.</summary>
public class AudienceReaderTests
{
    private static string Audience(string audienceLines) => $$"""
        id: hello
        name: Hello
        schedule: "0 0 10 * * ?"
        variants:
          - name: only
            messages: { sms: Hi }
        audience:
        {{audienceLines}}
        """;

    private static AudienceFilter Read(string audienceLines) => Yaml.Valid(Audience(audienceLines)).Audience;

    [Fact]
    public void Every_condition_maps_onto_its_filter_and_the_keys_are_all_required()
    {
        var audience = Read("""
              membership:
                status: [expired, cancelled]
                tier: [gold]
                days_since_expiry: { min: 0, max: 30 }
                days_until_expiry: { max: -1 }
              days_since_last_purchase: { min: 30, max: 60 }
              cycles_since_last_purchase: { min: 1.5 }
              rfm: { recency: { max: 2 }, frequency: { min: 2 }, monetary: { min: 3, max: 5 } }
              lifecycle_stage: [dormancy, churn]
              pool: [warning, maintenance]
              total_spend: { min: 500 }
              purchase_count: { min: 2 }
              tags: { any: [vip, newsletter], all: [verified] }
              consent: [wechat, sms]
            """);

        var expected = new AllOf([
            new MembershipStatusFilter([MembershipStatus.Expired, MembershipStatus.Cancelled]),
            new MembershipTierFilter(["gold"]),
            new DaysSinceMembershipExpiryFilter(new NumberRange(0, 30)),
            new DaysUntilMembershipExpiryFilter(new NumberRange(null, -1)),
            new DaysSinceLastPurchaseFilter(new NumberRange(30, 60)),
            new CyclesSinceLastPurchaseFilter(new NumberRange(1.5, null)),
            new RfmScoreFilter(RfmDimension.Recency, new NumberRange(null, 2)),
            new RfmScoreFilter(RfmDimension.Frequency, new NumberRange(2, null)),
            new RfmScoreFilter(RfmDimension.Monetary, new NumberRange(3, 5)),
            new LifecycleStageFilter([LifecycleStage.Dormancy, LifecycleStage.Churn]),
            new PoolFilter([CustomerPool.Warning, CustomerPool.Maintenance]),
            new TotalSpendFilter(new NumberRange(500, null)),
            new PurchaseCountFilter(new NumberRange(2, null)),
            new TagsFilter(["vip", "newsletter"]),
            new TagsFilter(["verified"], RequireAll: true),
            new ConsentFilter(Channel.WeChat),
            new ConsentFilter(Channel.Sms),
        ]);
        Assert.Equal(AudienceText.Of(expected), AudienceText.Of(audience));
    }

    [Fact]
    public void Any_is_an_or_of_audience_blocks_and_exclude_a_not()
    {
        var audience = Read("""
              pool: [churned]
              any:
                - days_since_last_purchase: { min: 30 }
                - cycles_since_last_purchase: { min: 1 }
                  purchase_count: { min: 2 }
              exclude:
                tags: { any: [complained] }
            """);

        var expected = new AllOf([
            new PoolFilter([CustomerPool.Churned]),
            new AnyOf([
                new DaysSinceLastPurchaseFilter(new NumberRange(30, null)),
                new AllOf([new CyclesSinceLastPurchaseFilter(new NumberRange(1, null)), new PurchaseCountFilter(new NumberRange(2, null))]),
            ]),
            new Not(new TagsFilter(["complained"])),
        ]);
        Assert.Equal(AudienceText.Of(expected), AudienceText.Of(audience));
    }

    [Fact]
    public void A_single_condition_is_the_filter_itself_and_an_empty_audience_is_everyone()
    {
        Assert.Equal(AudienceText.Of(new PoolFilter([CustomerPool.New])), AudienceText.Of(Read("  pool: [new]")));
        Assert.Equal(AudienceText.Of(AudienceFilter.Everyone), AudienceText.Of(Read("  {}")));
    }

    [Fact]
    public void The_audience_read_from_yaml_selects_the_customers_it_says()
    {
        var audience = Read("""
              membership: { status: [expired], days_since_expiry: { min: 0, max: 30 } }
              exclude: { tags: { any: [complained] } }
            """);
        var now = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        CustomerProfile Member(int daysSinceExpiry, params string[] tags) => new(
            new Customer { Id = "c", MembershipStatus = MembershipStatus.Expired, MembershipExpiresAt = now.AddDays(-daysSinceExpiry), Tags = tags },
            PurchaseStats.None, now, null, 30, default, LifecycleStage.Introduction, CustomerPool.New);

        Assert.True(audience.Matches(Member(10)));
        Assert.False(audience.Matches(Member(45)));
        Assert.False(audience.Matches(Member(10, "complained")));
    }

    [Fact]
    public void An_unknown_word_in_a_list_is_rejected_with_the_word_it_probably_meant()
    {
        var problems = Yaml.Problems(Audience("""
              membership: { status: [expird] }
              pool: [churn]
              lifecycle_stage: [dormant]
              consent: [fax]
            """));

        Assert.Equal(
        [
            "test.yaml:8:26: 'expird' is not a membership status; use none, active, expired or cancelled. Did you mean 'expired'?",
            "test.yaml:9:10: 'churn' is not a pool; use new, active, warning, maintenance or churned. Did you mean 'churned'?",
            "test.yaml:10:21: 'dormant' is not a lifecycle stage; use introduction, growth, maturity, dormancy or churn. Did you mean 'dormancy'?",
            "test.yaml:11:13: 'fax' is not a channel; use sms, call, email or wechat.",
        ], problems);
    }

    [Fact]
    public void Ranges_that_cannot_match_or_are_out_of_bounds_are_rejected()
    {
        var problems = Yaml.Problems(Audience("""
              days_since_last_purchase: { min: 60, max: 30 }
              rfm: { monetary: { min: 7 } }
              purchase_count: { min: 1.5 }
              total_spend: {}
              cycles_since_last_purchase: 2
            """));

        Assert.Equal(
        [
            "test.yaml:8:45: max (30) is smaller than min (60), so no customer could match days_since_last_purchase.",
            "test.yaml:9:27: min must be a score from 1 (low) to 5 (high), not '7'.",
            "test.yaml:10:26: min must be a whole number, 0 or more, not '1.5'.",
            "test.yaml:11:3: total_spend needs a min, a max or both, e.g. { min: 30, max: 60 }.",
            "test.yaml:12:31: cycles_since_last_purchase must be a block of settings (min, max), not '2'.",
        ], problems);
    }

    [Fact]
    public void Audience_keys_in_the_wrong_place_are_pointed_to_their_home()
    {
        var problems = Yaml.Problems(Audience("""
              status: [expired]
              monetary: { min: 3 }
              purchases: { min: 2 }
            """));

        Assert.Equal(
        [
            "test.yaml:8:3: Unknown key 'status' in the audience; it belongs under 'membership'.",
            "test.yaml:9:3: Unknown key 'monetary' in the audience; it belongs under 'rfm'.",
            "test.yaml:10:3: Unknown key 'purchases' in the audience; did you mean 'purchase_count'?",
        ], problems);
    }

    [Fact]
    public void Empty_exclude_and_tag_blocks_are_rejected_because_they_would_match_everyone()
    {
        var problems = Yaml.Problems(Audience("""
              tags: {}
              exclude: {}
              any: []
            """));

        Assert.Equal(
        [
            "test.yaml:8:3: tags needs any: [...] (customers with at least one of the tags) or all: [...] (customers with every tag).",
            "test.yaml:9:12: exclude is empty, so it would match every customer; add at least one condition.",
            "test.yaml:10:8: any is an empty list; name at least one, e.g. [{ pool: [warning] }, { pool: [churned] }].",
        ], problems);
    }
}
