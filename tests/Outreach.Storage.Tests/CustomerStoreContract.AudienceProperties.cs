using Outreach.Core.Audience;
using Outreach.Core.Customers;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests;

public abstract partial class CustomerStoreContract
{
    [Fact]
    public async Task Sql_audiences_equal_the_reference_evaluator_on_random_customers_and_filters()
    {
        var customers = RandomCustomers.Generate(500, seed: 7);
        await Store.BulkLoadAsync(Rows(customers));
        var calculator = new ProfileCalculator(new LifecycleOptions());
        var random = new Random(13);
        var generator = new RandomAudience(seed: 11);
        var cases = RandomAudience.Leaves().Select(f => (Filter: f, Now: Days.Now))
            .Concat(Enumerable.Range(0, 300).Select(i => (Filter: generator.Next(),
                // At the customers' own "now", day counts land exactly on thresholds; otherwise "now" moves around and
                // carries sub-millisecond ticks, which SQL must honour as TimeSpan does.
                Now: i % 3 == 0 ? Days.Now : Days.Now.AddTicks(random.NextInt64(-TimeSpan.TicksPerDay * 60, TimeSpan.TicksPerDay * 60)))))
            .ToList();
        var mismatches = new List<string>();

        foreach (var (filter, now) in cases)
        {
            var expected = customers.Select(c => calculator.Derive(c.Customer, c.Purchases, now))
                .Where(filter.Matches).Select(p => p.Customer.Id).Order(StringComparer.Ordinal).ToList();

            var streamed = (await StreamAllAsync(filter, now, batchSize: 64)).Select(p => p.Customer.Id).ToList();
            var count = await Store.CountAudienceAsync(filter, now);

            if (!streamed.SequenceEqual(expected) || count != expected.Count)
                mismatches.Add($"{filter} at {now:O}: expected {expected.Count}, streamed {streamed.Count}, counted {count}; " +
                    $"missing [{string.Join(",", expected.Except(streamed).Take(5))}] extra [{string.Join(",", streamed.Except(expected).Take(5))}]");
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Streamed_profiles_equal_the_profile_calculator_on_random_customers()
    {
        var customers = RandomCustomers.Generate(500, seed: 3);
        await Store.BulkLoadAsync(Rows(customers));
        var calculator = new ProfileCalculator(new LifecycleOptions());
        var now = Days.Now.AddTicks(1234567);

        var streamed = await StreamAllAsync(AudienceFilter.Everyone, now, batchSize: 100);

        var expected = customers.OrderBy(c => c.Customer.Id, StringComparer.Ordinal).Select(c => calculator.Derive(c.Customer, c.Purchases, now)).ToList();
        Assert.Equal(expected.Select(Describe), streamed.Select(Describe));

        static string Describe(CustomerProfile p) =>
            $"{p.Customer.Id} {p.Purchases.FirstPurchaseAt:O} {p.Purchases.LastPurchaseAt:O} {p.Purchases.PurchaseCount} " +
            $"{p.Purchases.TotalSpend:0.####} r={p.RecencyDays:R} c={p.RepurchaseCycleDays:R} {p.Rfm} {p.Pool} {p.Stage} " +
            $"{p.Customer.MembershipStatus} {p.Customer.MembershipExpiresAt:O} {p.Customer.MembershipTier} {string.Join("|", p.Customer.Tags)}";
    }

    [Fact]
    public async Task Sql_audiences_follow_custom_lifecycle_thresholds()
    {
        var lifecycle = new LifecycleOptions
        {
            NewCustomerDays = 10,
            DefaultRepurchaseCycleDays = 14,
            WarningAfterCycles = 1.2,
            ChurnedAfterCycles = 2.5,
            ChurnedAfterDays = 90,
            MaintenanceMinMonetaryScore = 3,
            GrowthMinPurchases = 3,
            MaturityMinPurchases = 9,
            RecencyDays = [3, 14, 45, 100, 200],
            FrequencyCounts = [3, 6],
            MonetaryAmounts = [250, 1000, 2000.5m],
        };
        var store = await NewStoreAsync(lifecycle);
        var customers = RandomCustomers.Generate(300, seed: 5);
        await store.BulkLoadAsync(Rows(customers));
        var calculator = new ProfileCalculator(lifecycle);
        var filters = new RandomAudience(seed: 17);
        var mismatches = new List<string>();

        for (var i = 0; i < 100; i++)
        {
            var filter = filters.Next();
            var expected = customers.Count(c => filter.Matches(calculator.Derive(c.Customer, c.Purchases, Days.Now)));
            var counted = await store.CountAudienceAsync(filter, Days.Now);
            if (counted != expected) mismatches.Add($"{filter}: expected {expected}, counted {counted}");
        }

        Assert.Empty(mismatches);
    }
}
