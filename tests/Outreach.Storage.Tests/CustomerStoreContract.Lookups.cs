using Outreach.Core.Customers;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests;

// What the touch pipeline looks up per batch: the profiles of the customers it is about to touch, the events that
// decide a goal, and the events received since it last looked (event-triggered campaigns).
public abstract partial class CustomerStoreContract
{
    [Fact]
    public async Task Profiles_of_several_customers_are_derived_as_one_at_a_time()
    {
        await Store.UpsertCustomersAsync(
        [
            NewCustomer("c-1", c => { c.Tags = ["vip"]; c.Status = MembershipStatus.Active; c.ExpiresAt = Days.FromNow(20); }),
            NewCustomer("c-2"),
            NewCustomer("c-3", c => c.CreatedAt = Days.Ago(3)),
        ]);
        await Store.AppendEventsAsync(
        [
            Purchase("e-1", "c-1", Days.Ago(200), 80m), Purchase("e-2", "c-1", Days.Ago(20), 320m),
            Purchase("e-3", "c-2", Days.Ago(400), 15m),
        ]);
        var asOf = Days.FromNow(10);

        var profiles = await Store.GetProfilesAsync(["c-3", "ghost", "c-1", "c-2", "c-1"], asOf);

        Assert.Equal(["c-1", "c-2", "c-3"], profiles.Select(p => p.Customer.Id).Order(StringComparer.Ordinal));
        foreach (var profile in profiles)
        {
            var single = (await Store.GetProfileAsync(profile.Customer.Id, asOf))!;
            AssertSameCustomer(single.Customer, profile.Customer);
            // Records compare the customer by reference: compare the rest with the same customer on both sides.
            Assert.Equal(single, profile with { Customer = single.Customer });
            Assert.Equal(asOf, profile.AsOf);
        }
    }

    [Fact]
    public async Task Profiles_of_no_or_only_unknown_customers_are_none()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);

        Assert.Empty(await Store.GetProfilesAsync([], Days.Now));
        Assert.Empty(await Store.GetProfilesAsync(["ghost", "C-1", "c-1 "], Days.Now));
    }

    [Fact]
    public async Task A_dispatch_batch_of_the_largest_size_is_looked_up_in_one_call()
    {
        // 10,000 is the largest claim batch the dispatcher allows (Dispatch:BatchSize).
        var ids = Enumerable.Range(0, 10_000).Select(i => $"c-{i:D5}").ToList();
        await Store.BulkLoadAsync(Rows(ids.Select(id => (NewCustomer(id), PurchaseStats.None))));
        await Store.AppendEventsAsync([.. ids.Where((_, i) => i % 1_000 == 0).Select(id => Purchase($"e-{id}", id, Days.Ago(1), 5m))]);

        var profiles = await Store.GetProfilesAsync([.. ids, "ghost"], Days.Now);
        var purchases = await Store.FindEventsAsync([.. ids, "ghost"], EventTypes.Purchase, Days.Ago(2));

        Assert.Equal(ids, profiles.Select(p => p.Customer.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, profiles.Single(p => p.Customer.Id == "c-03000").Purchases.PurchaseCount);
        Assert.Equal(ids.Where((_, i) => i % 1_000 == 0), purchases.Select(e => e.CustomerId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Finding_events_filters_by_customers_type_and_since()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1"), NewCustomer("c-2"), NewCustomer("c-3")]);
        await Store.AppendEventsAsync(
        [
            Purchase("e-1", "c-1", Days.Ago(10), 10m), // before since
            Purchase("e-2", "c-1", Days.Ago(2), 20m), // exactly since
            Event("e-3", "c-1", "coupon_redeemed", Days.Ago(1), ("coupon", "SUMMER")),
            Purchase("e-4", "c-2", Days.Ago(1), 40m),
            Purchase("e-5", "c-3", Days.Ago(1), 50m), // not asked about
            Purchase("e-6", "c-2", Days.Ago(3), 60m), // before since
            Purchase("e-7", "c-2", Days.FromNow(1), 70m),
        ]);

        var purchases = await Store.FindEventsAsync(["c-1", "c-2", "ghost"], EventTypes.Purchase, Days.Ago(2));

        Assert.Equal(["e-2", "e-4", "e-7"], purchases.Select(e => e.Id).Order(StringComparer.Ordinal));
        var e4 = purchases.Single(e => e.Id == "e-4");
        Assert.Equal(("c-2", EventTypes.Purchase, Days.Ago(1), (decimal?)40m), (e4.CustomerId, e4.Type, e4.OccurredAt, e4.Amount));
        var coupons = await Store.FindEventsAsync(["c-1", "c-2"], "coupon_redeemed", Days.Ago(30));
        Assert.Equal("SUMMER", Assert.Single(coupons).Properties["coupon"]);
        Assert.Empty(await Store.FindEventsAsync(["c-1"], "coupon_redeemed", Days.Now));
        Assert.Empty(await Store.FindEventsAsync(["c-1"], "Purchase", Days.Ago(30)));
        Assert.Empty(await Store.FindEventsAsync(["c-3"], "coupon_redeemed", Days.Ago(30)));
        Assert.Empty(await Store.FindEventsAsync([], EventTypes.Purchase, Days.Ago(30)));
    }

    [Fact]
    public async Task Events_received_in_one_batch_are_paged_once_each_in_received_then_id_order()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1"), NewCustomer("c-2")]);
        // The scanner starts at "now, no id": what arrives in that very millisecond is still after it.
        var start = new EventPosition(Clock.GetUtcNow(), "");
        await Store.AppendEventsAsync([Event("e-50", "c-1", "signup", Days.Ago(1)), Event("e-20", "c-2", "signup", Days.Ago(1))]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var burst = new[] { 7, 3, 9, 0, 5, 1, 8, 2, 6, 4 }.Select(i => Event($"e-1{i}", i % 2 == 0 ? "c-1" : "c-2", "signup", Days.Ago(i))).ToList();
        await Store.AppendEventsAsync(burst); // one batch: one received_at for all ten
        var burstAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Store.AppendEventsAsync([Event("e-00", "c-1", "signup", Days.Ago(1))]);

        var seen = new List<ReceivedEvent>();
        var pages = new List<int>();
        var position = start;
        // At most 20 pages: a position that does not move past what it returned would otherwise page forever.
        while (pages.Count < 20 && await Store.EventsReceivedAfterAsync(position, ["signup"], 3) is { Count: > 0 } page)
        {
            pages.Add(page.Count);
            seen.AddRange(page);
            // The cursor is kept as text between scans.
            position = EventPosition.Parse(page[^1].Position.ToString());
        }

        string[] expected = ["e-20", "e-50", .. Enumerable.Range(0, 10).Select(i => $"e-1{i}"), "e-00"];
        Assert.Equal(expected, seen.Select(r => r.Event.Id));
        Assert.Equal([3, 3, 3, 3, 1], pages);
        Assert.Equal(Enumerable.Repeat(burstAt, 10), seen.Skip(2).Take(10).Select(r => r.ReceivedAt));
        Assert.Equal((Days.Now, burstAt.AddMilliseconds(1)), (seen[0].ReceivedAt, seen[^1].ReceivedAt));
        var e15 = seen.Single(r => r.Event.Id == "e-15").Event;
        Assert.Equal(("c-2", "signup", Days.Ago(5)), (e15.CustomerId, e15.Type, e15.OccurredAt));
        Assert.Empty(await Store.EventsReceivedAfterAsync(seen[^1].Position, ["signup"], 3));
    }

    [Fact]
    public async Task Events_received_after_a_position_are_filtered_by_type()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);
        var start = new EventPosition(Days.Ago(1), "");
        await Store.AppendEventsAsync(
        [
            Purchase("e-1", "c-1", Days.Ago(1), 10m),
            Event("e-2", "c-1", "signup", Days.Ago(1)),
            Event("e-3", "c-1", "coupon_redeemed", Days.Ago(1), ("coupon", "SUMMER")),
            Event("e-4", "ghost", "signup", Days.Ago(1)), // not stored: unknown customer
            Purchase("e-5", "c-1", Days.Ago(1), 30m),
        ]);

        var found = await Store.EventsReceivedAfterAsync(start, [EventTypes.Purchase, "coupon_redeemed"], 100);

        Assert.Equal(["e-1", "e-3", "e-5"], found.Select(r => r.Event.Id));
        Assert.Equal((decimal?)30m, found[2].Event.Amount);
        Assert.Equal("SUMMER", found[1].Event.Properties["coupon"]);
        Assert.Equal(["e-2"], (await Store.EventsReceivedAfterAsync(start, ["signup"], 100)).Select(r => r.Event.Id));
        Assert.Empty(await Store.EventsReceivedAfterAsync(start, ["no_such_type"], 100));
        Assert.Empty(await Store.EventsReceivedAfterAsync(start, [], 100));
        // A position after everything received finds nothing; one in the middle of the batch finds what follows.
        Assert.Empty(await Store.EventsReceivedAfterAsync(new EventPosition(Clock.GetUtcNow().AddMilliseconds(1), ""), [EventTypes.Purchase], 100));
        Assert.Equal(["e-5"], (await Store.EventsReceivedAfterAsync(new EventPosition(Clock.GetUtcNow(), "e-3"), [EventTypes.Purchase], 100)).Select(r => r.Event.Id));
    }
}
