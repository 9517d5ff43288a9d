using System.Text.Json;
using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Core.Simulation;

namespace Outreach.Core.Tests.Simulation;

public sealed class CustomerSimulatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 30, 0, TimeSpan.FromHours(8));

    private static List<SimulatedCustomer> Simulate(int count, long seed = 42) =>
        CustomerSimulator.Generate(new SimulationOptions { Count = count, Seed = seed, Now = Now }).ToList();

    // One sample of the customer base for the tests of shares and formats; generated once, read by all.
    private static readonly List<SimulatedCustomer> Sample = Simulate(20_000);

    // Records compare their lists and dictionaries by reference; JSON compares what is in them.
    private static string Snapshot(IEnumerable<SimulatedCustomer> customers) => JsonSerializer.Serialize(customers);

    [Fact]
    public void The_same_seed_yields_the_same_customers_histories_and_ids()
    {
        Assert.Equal(Snapshot(Simulate(500, seed: 7)), Snapshot(Simulate(500, seed: 7)));
    }

    [Fact]
    public void A_different_seed_yields_different_customers()
    {
        var first = Simulate(100, seed: 7);
        var second = Simulate(100, seed: 8);

        Assert.NotEqual(Snapshot(first), Snapshot(second));
        Assert.True(first.Zip(second).Count(pair => pair.First.Customer.Phone == pair.Second.Customer.Phone) < 10);
    }

    [Fact]
    public void A_customer_does_not_depend_on_how_many_are_generated()
    {
        Assert.Equal(Snapshot(Simulate(50)), Snapshot(Simulate(2_000).Take(50)));
    }

    [Fact]
    public void Generation_is_lazy_so_a_billion_customers_can_be_streamed()
    {
        var first = CustomerSimulator.Generate(new SimulationOptions { Count = 1_000_000_000, Seed = 1, Now = Now }).Take(10).ToList();

        Assert.Equal(10, first.Count);
        Assert.Equal("C0000010", first[^1].Customer.Id);
    }

    [Fact]
    public void Every_customer_passes_contact_validation_unchanged()
    {
        var validator = new ContactValidator("CN");

        foreach (var simulated in Sample)
        {
            var (validated, errors) = validator.Validate(simulated.Customer);
            Assert.Empty(errors);
            Assert.Equal(simulated.Customer.Phone, validated!.Phone);
        }
    }

    [Fact]
    public void Phones_are_mainland_mobiles_in_e164_unique_per_customer_and_a_few_percent_are_missing()
    {
        var phones = Sample.Select(c => c.Customer.Phone).ToList();
        var present = phones.OfType<string>().ToList();

        Assert.All(present, phone => Assert.Matches(@"^\+861[3-9]\d{9}$", phone));
        Assert.Equal(present.Count, present.Distinct().Count());
        Assert.InRange(1.0 - present.Count / (double)phones.Count, 0.01, 0.10);
    }

    [Fact]
    public void Most_customers_follow_on_wechat_with_28_character_openids()
    {
        var openIds = Sample.Select(c => c.Customer.WeChatOpenId).OfType<string>().ToList();

        Assert.All(openIds, id => Assert.Matches("^o[A-Za-z0-9_-]{27}$", id));
        Assert.InRange(openIds.Count / (double)Sample.Count, 0.65, 0.75);
    }

    [Fact]
    public void Names_are_mostly_chinese_with_some_english()
    {
        var names = Sample.Select(c => c.Customer.Name!).ToList();

        Assert.InRange(names.Count(name => name.Any(ch => ch >= '\u4e00' && ch <= '\u9fff')) / (double)names.Count, 0.6, 0.85);
        Assert.Contains(names, name => name.All(char.IsAscii));
    }

    [Fact]
    public void Purchase_stats_are_the_aggregate_of_the_purchase_events()
    {
        foreach (var simulated in Sample)
        {
            var aggregate = simulated.Events.Aggregate(PurchaseStats.None, (stats, e) => stats.With(e.OccurredAt, e.Amount!.Value));
            Assert.Equal(aggregate, simulated.Purchases);
        }
    }

    [Fact]
    public void Purchases_are_capped_past_events_with_deterministic_ids_amounts_and_stores()
    {
        var events = Sample.SelectMany(c => c.Events).ToList();

        Assert.All(Sample, c => Assert.InRange(c.Events.Count, 0, 24));
        Assert.InRange(events.Count / (double)Sample.Count, 3.5, 5.5);
        Assert.All(Sample, c => Assert.Equal(
            Enumerable.Range(1, c.Events.Count).Select(n => $"sim-{c.Customer.Id}-{n}"),
            c.Events.Select(e => e.Id)));
        Assert.All(events, e =>
        {
            Assert.Equal(EventTypes.Purchase, e.Type);
            Assert.True(e.OccurredAt < Now);
            Assert.True(e.Amount > 0);
            Assert.True(e.Properties.ContainsKey("store") && e.Properties.ContainsKey("sku"));
        });
    }

    [Fact]
    public void Every_lifecycle_pool_and_stage_is_well_represented()
    {
        var calculator = new ProfileCalculator(new LifecycleOptions());
        var profiles = Sample.Select(c => calculator.Derive(c.Customer, c.Purchases, Now)).ToList();

        foreach (var pool in Enum.GetValues<CustomerPool>())
            Assert.InRange(profiles.Count(p => p.Pool == pool) / (double)Sample.Count, 0.02, 0.45);
        foreach (var stage in Enum.GetValues<LifecycleStage>())
            Assert.InRange(profiles.Count(p => p.Stage == stage) / (double)Sample.Count, 0.05, 0.45);
    }

    [Fact]
    public void Memberships_expire_where_their_status_says()
    {
        var customers = Sample.Select(c => c.Customer).ToList();

        foreach (var status in Enum.GetValues<MembershipStatus>())
            Assert.Contains(customers, c => c.MembershipStatus == status);
        Assert.All(customers, c =>
        {
            switch (c.MembershipStatus)
            {
                case MembershipStatus.None:
                    Assert.Null(c.MembershipTier);
                    Assert.Null(c.MembershipExpiresAt);
                    break;
                case MembershipStatus.Active:
                    Assert.True(c.MembershipExpiresAt > Now);
                    break;
                case MembershipStatus.Expired:
                    Assert.InRange((Now - c.MembershipExpiresAt!.Value).TotalDays, 0, 120);
                    break;
            }
            if (c.MembershipStatus != MembershipStatus.None) Assert.Contains(c.MembershipTier, new[] { "silver", "gold", "platinum" });
        });
    }

    [Fact]
    public void Consent_is_mostly_given_or_unknown_and_a_few_opt_out()
    {
        var customers = Sample.Select(c => c.Customer).ToList();

        foreach (var channel in Enum.GetValues<Channel>())
        {
            var optedOut = customers.Count(c => c.ConsentFor(channel) == ConsentStatus.OptedOut) / (double)Sample.Count;
            var optedIn = customers.Count(c => c.ConsentFor(channel) == ConsentStatus.OptedIn) / (double)Sample.Count;
            Assert.InRange(optedOut, 0.005, 0.10);
            Assert.InRange(optedIn, 0.10, 0.70);
        }
    }

    [Fact]
    public void Time_zones_are_mostly_shanghai_and_tags_mark_segments()
    {
        var customers = Sample.Select(c => c.Customer).ToList();

        Assert.InRange(customers.Count(c => c.TimeZone == "Asia/Shanghai") / (double)Sample.Count, 0.8, 0.92);
        Assert.Contains(customers, c => c.TimeZone is not null and not "Asia/Shanghai");
        foreach (var tag in new[] { "vip", "staff", "complained", "student" })
            Assert.Contains(customers, c => c.Tags.Contains(tag));
    }

    [Fact]
    public void Only_mainland_china_can_be_simulated()
    {
        Assert.Throws<ArgumentException>(() =>
            CustomerSimulator.Generate(new SimulationOptions { Count = 1, Seed = 1, Now = Now, DefaultRegion = "US" }));
    }
}
