using Outreach.Core.Audience;
using Outreach.Core.Customers;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests;

public abstract partial class CustomerStoreContract
{
    private static async IAsyncEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> Synthetic(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = $"b{i:D6}";
            var events = Enumerable.Range(0, i % 6)
                .Select(k => Purchase($"{id}-p{k}", id, Days.Ago(10 * (k + 1)), 25m + k))
                .ToList();
            var stats = events.Aggregate(PurchaseStats.None, (s, e) => s.With(e.OccurredAt, e.Amount!.Value));
            yield return (NewCustomer(id, c => c.Tags = i % 3 == 0 ? ["vip"] : []), stats, events);
        }
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Bulk_load_of_20k_customers_stores_every_customer_event_and_stat()
    {
        var progress = new List<long>();

        await Store.BulkLoadAsync(Synthetic(20_000), new SynchronousProgress(progress.Add));

        Assert.Equal(20_000, await Store.CountCustomersAsync());
        Assert.Equal(20_000, progress[^1]);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(6667, await Store.CountAudienceAsync(new TagsFilter(["VIP"]), Days.Now));
        Assert.Equal(20_000 - 3334, await Store.CountAudienceAsync(new PurchaseCountFilter(new(1, null)), Days.Now));
        var profile = await Store.GetProfileAsync("b000005", Days.Now);
        Assert.Equal(new PurchaseStats(Days.Ago(50), Days.Ago(10), 5, 135m), profile!.Purchases);
        Assert.Equal(5, (await Store.GetEventsAsync("b000005")).Count);
    }

    [Fact]
    public async Task Bulk_load_replaces_existing_customers_and_skips_events_seen_before()
    {
        await Store.BulkLoadAsync(Synthetic(10));
        await Store.AppendEventsAsync([Purchase("extra", "b000001", Days.Ago(1), 5m)]);

        var replaced = NewCustomer("b000001", c => c.Name = "Replaced");
        CustomerEvent[] events = [Purchase("b000001-p0", "b000001", Days.Ago(10), 25m)];
        await Store.BulkLoadAsync(One(replaced, new PurchaseStats(Days.Ago(10), Days.Ago(10), 1, 25m), events));

        Assert.Equal(10, await Store.CountCustomersAsync());
        Assert.Equal("Replaced", (await Store.GetCustomerAsync("b000001"))!.Name);
        Assert.Equal(new PurchaseStats(Days.Ago(10), Days.Ago(10), 1, 25m), (await Store.GetProfileAsync("b000001", Days.Now))!.Purchases);
        Assert.Equal(["b000001-p0", "extra"], (await Store.GetEventsAsync("b000001")).Select(e => e.Id));
    }

    [Fact]
    public async Task Bulk_load_in_many_chunks_stores_every_row_and_the_later_of_two_rows_wins()
    {
        ((Relational.RelationalCustomerStore)Store).BulkChunkSize = 500;
        var rows = Synthetic(5_000).Append((NewCustomer("b000007", c => c.Name = "Later"), PurchaseStats.None, []));

        await Store.BulkLoadAsync(rows);

        Assert.Equal(5_000, await Store.CountCustomersAsync());
        Assert.Equal("Later", (await Store.GetCustomerAsync("b000007"))!.Name);
        Assert.Equal(4_166 - 1, await Store.CountAudienceAsync(new PurchaseCountFilter(new(1, null)), Days.Now)); // b000007 now has none
        Assert.Equal(5, (await Store.GetEventsAsync("b004997")).Count);
    }

    [Fact]
    public async Task Bulk_load_keeps_the_last_of_two_rows_for_one_customer()
    {
        var rows = Rows(
        [
            (NewCustomer("dup", c => c.Name = "First"), PurchaseStats.None),
            (NewCustomer("dup", c => c.Name = "Second"), PurchaseStats.None),
        ]);

        await Store.BulkLoadAsync(rows);

        Assert.Equal(("Second", 1L), ((await Store.GetCustomerAsync("dup"))!.Name, await Store.CountCustomersAsync()));
    }

    private static async IAsyncEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> One(
        Customer customer, PurchaseStats purchases, IReadOnlyList<CustomerEvent> events)
    {
        yield return (customer, purchases, events);
        await Task.CompletedTask;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests want the reports in order and complete.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
