using Outreach.Core.Audience;
using Outreach.Core.Customers;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests;

public abstract partial class CustomerStoreContract
{
    public static TheoryData<string> HandMadeCases => new(HandMadeAudience.Cases.Keys);

    private Task LoadHandMadeAsync() => Store.BulkLoadAsync(Rows(HandMadeAudience.Customers));

    protected async Task<List<CustomerProfile>> StreamAllAsync(AudienceFilter filter, DateTimeOffset now, int batchSize, List<int>? batchSizes = null)
    {
        var profiles = new List<CustomerProfile>();
        await foreach (var batch in Store.StreamAudienceAsync(filter, now, batchSize))
        {
            batchSizes?.Add(batch.Count);
            profiles.AddRange(batch);
        }
        return profiles;
    }

    [Theory]
    [MemberData(nameof(HandMadeCases))]
    public async Task Audience_filter_selects_the_hand_computed_customers(string name)
    {
        await LoadHandMadeAsync();
        var (filter, expected) = HandMadeAudience.Cases[name];

        var streamed = await StreamAllAsync(filter, Days.Now, batchSize: 5);

        Assert.Equal(expected, streamed.Select(p => p.Customer.Id));
        Assert.Equal(expected.Length, await Store.CountAudienceAsync(filter, Days.Now));
        // The hand computation agrees with the reference meaning too.
        var calculator = new ProfileCalculator(new LifecycleOptions());
        Assert.Equal(expected, HandMadeAudience.Customers
            .Where(c => filter.Matches(calculator.Derive(c.Customer, c.Purchases, Days.Now))).Select(c => c.Customer.Id));
    }

    [Fact]
    public async Task Profiles_of_the_hand_made_customers_have_the_hand_computed_scores_pool_and_stage()
    {
        await LoadHandMadeAsync();

        var profiles = await StreamAllAsync(AudienceFilter.Everyone, Days.Now, batchSize: 100);

        Assert.Equal(
            [
                "c01 0/0/0 New Introduction", "c02 5/1/1 New Introduction", "c03 3/1/2 Active Introduction",
                "c04 3/1/1 Warning Dormancy", "c05 4/2/3 Active Growth", "c06 4/3/4 Active Maturity",
                "c07 3/3/5 Churned Churn", "c08 3/2/4 Maintenance Dormancy", "c09 1/1/1 Churned Churn",
                "c10 5/2/1 Active Growth", "c11 4/5/5 Active Maturity", "c12 2/3/2 Churned Churn",
            ],
            profiles.Select(p => $"{p.Customer.Id} {p.Rfm.Recency}/{p.Rfm.Frequency}/{p.Rfm.Monetary} {p.Pool} {p.Stage}"));
        Assert.Equal(23.75, profiles.Single(p => p.Customer.Id == "c11").RepurchaseCycleDays);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(500)]
    public async Task Streaming_yields_every_match_once_in_id_order_in_full_batches(int batchSize)
    {
        await LoadHandMadeAsync();
        var filter = new Not(new PoolFilter([CustomerPool.Churned])); // 9 of 12, with gaps in the id sequence
        var batches = new List<int>();

        var streamed = await StreamAllAsync(filter, Days.Now, batchSize, batches);

        Assert.Equal(["c01", "c02", "c03", "c04", "c05", "c06", "c08", "c10", "c11"], streamed.Select(p => p.Customer.Id));
        Assert.All(batches.SkipLast(1), size => Assert.Equal(batchSize, size));
        Assert.InRange(batches[^1], 1, batchSize);
        Assert.Equal((9 + batchSize - 1) / batchSize, batches.Count);
    }

    [Fact]
    public async Task Streaming_an_empty_audience_yields_no_batch()
    {
        await LoadHandMadeAsync();

        var batches = new List<int>();
        await StreamAllAsync(new AnyOf([]), Days.Now, 10, batches);

        Assert.Empty(batches);
    }

    [Fact]
    public async Task Streamed_ids_follow_ordinal_order()
    {
        string[] ids = ["B-2", "a-1", "A-10", "a-2", "Z", "_x", "0"];
        await Store.BulkLoadAsync(Rows(ids.Select(id => (NewCustomer(id), PurchaseStats.None))));

        var streamed = await StreamAllAsync(AudienceFilter.Everyone, Days.Now, batchSize: 2);

        Assert.Equal(ids.Order(StringComparer.Ordinal), streamed.Select(p => p.Customer.Id));
    }

    [Fact]
    public async Task Audience_follows_the_clock_passed_in()
    {
        await LoadHandMadeAsync();
        var lapsed = new DaysSinceLastPurchaseFilter(new(30, null));

        Assert.Equal(6, await Store.CountAudienceAsync(lapsed, Days.Now));
        Assert.Equal(9, await Store.CountAudienceAsync(lapsed, Days.FromNow(20))); // c05, c06 and c11 join (10, 10, 20 days ago)
    }
}
