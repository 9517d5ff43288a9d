using Outreach.Core.Audience;
using Outreach.Core.Customers;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests;

public abstract partial class CustomerStoreContract
{
    protected static CustomerEvent Purchase(string id, string customerId, DateTimeOffset at, decimal? amount) =>
        new() { Id = id, CustomerId = customerId, Type = EventTypes.Purchase, OccurredAt = at, Amount = amount };

    protected static CustomerEvent Event(string id, string customerId, string type, DateTimeOffset at, params (string Key, string Value)[] properties) =>
        new() { Id = id, CustomerId = customerId, Type = type, OccurredAt = at, Properties = properties.ToDictionary(p => p.Key, p => p.Value) };

    [Fact]
    public async Task Purchases_update_first_and_last_purchase_count_and_total_spend()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);

        var report = await Store.AppendEventsAsync(
        [
            Purchase("e-2", "c-1", Days.Ago(10), 120.25m),
            Purchase("e-1", "c-1", Days.Ago(50), 79.75m), // arrives late: still becomes the first purchase
            Purchase("e-3", "c-1", Days.Ago(30), null),
        ]);

        Assert.Equal((3, 0), (report.Accepted, report.Issues.Count));
        var profile = await Store.GetProfileAsync("c-1", Days.Now);
        Assert.Equal(new PurchaseStats(Days.Ago(50), Days.Ago(10), 3, 200m), profile!.Purchases);
    }

    [Fact]
    public async Task An_event_id_seen_before_is_reported_as_duplicate_and_changes_nothing()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);
        await Store.AppendEventsAsync([Purchase("e-1", "c-1", Days.Ago(10), 100m)]);

        var report = await Store.AppendEventsAsync(
        [
            Purchase("e-1", "c-1", Days.Ago(10), 100m),
            Purchase("e-2", "c-1", Days.Ago(5), 50m),
            Purchase("e-2", "c-1", Days.Ago(5), 50m),
        ]);

        Assert.Equal(1, report.Accepted);
        Assert.Equal([(0, "e-1"), (2, "e-2")], report.Duplicates.Select(d => (d.Index, d.EventId)));
        Assert.Equal(new PurchaseStats(Days.Ago(10), Days.Ago(5), 2, 150m), (await Store.GetProfileAsync("c-1", Days.Now))!.Purchases);
        Assert.Equal(2, (await Store.GetEventsAsync("c-1")).Count);
    }

    [Fact]
    public async Task Event_of_an_unknown_customer_is_reported_and_accepted_once_the_customer_exists()
    {
        var first = await Store.AppendEventsAsync([Purchase("e-1", "ghost", Days.Ago(1), 10m)]);
        await Store.UpsertCustomersAsync([NewCustomer("ghost")]);
        var retry = await Store.AppendEventsAsync([Purchase("e-1", "ghost", Days.Ago(1), 10m)]);

        Assert.Equal([(0, EventIssueKind.UnknownCustomer)], first.Issues.Select(i => (i.Index, i.Kind)));
        Assert.Equal(0, first.Accepted);
        Assert.Equal((1, 0), (retry.Accepted, retry.Issues.Count));
    }

    [Fact]
    public async Task Malformed_events_are_reported_by_index_and_the_rest_are_applied()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);

        var report = await Store.AppendEventsAsync(
        [
            new CustomerEvent { Id = "", CustomerId = "c-1", Type = EventTypes.Purchase, OccurredAt = Days.Ago(1) },
            Purchase("e-2", "c-1", Days.Ago(1), 10.12345m),
            Event("e-3", "c-1", EventTypes.MembershipRenewed, Days.Ago(1), ("expires_at", "next tuesday")),
            new CustomerEvent { Id = "e-4", CustomerId = "c-1", Type = " ", OccurredAt = Days.Ago(1) },
            Purchase("e-5", "c-1", Days.Ago(1), 10m),
        ]);

        Assert.Equal(1, report.Accepted);
        Assert.Equal([0, 1, 2, 3], report.Issues.Where(i => i.Kind == EventIssueKind.Invalid).Select(i => i.Index));
        Assert.Contains("expires_at", report.Issues[2].Message);
    }

    [Fact]
    public async Task Stored_events_come_back_with_amount_and_properties()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);
        var purchase = Purchase("e-1", "c-1", Days.Ago(3), 19.99m) with
        {
            Properties = new Dictionary<string, string> { ["store"] = "上海 南京路", ["sku"] = "A-1" },
        };
        var custom = Event("e-2", "c-1", "coupon_redeemed", Days.Ago(1));

        await Store.AppendEventsAsync([custom, purchase]);
        var events = await Store.GetEventsAsync("c-1");

        Assert.Equal(["e-1", "e-2"], events.Select(e => e.Id));
        Assert.Equal((EventTypes.Purchase, Days.Ago(3), (decimal?)19.99m), (events[0].Type, events[0].OccurredAt, events[0].Amount));
        Assert.Equal(purchase.Properties.OrderBy(p => p.Key), events[0].Properties.OrderBy(p => p.Key));
        Assert.Equal(("coupon_redeemed", (decimal?)null, 0), (events[1].Type, events[1].Amount, events[1].Properties.Count));
    }

    [Fact]
    public async Task Membership_expired_sets_status_and_expiry()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => { c.Status = MembershipStatus.Active; c.ExpiresAt = Days.Ago(3); })]);

        await Store.AppendEventsAsync([Event("e-1", "c-1", EventTypes.MembershipExpired, Days.Ago(1), ("expires_at", "2025-05-30T00:00:00Z"))]);

        var customer = await Store.GetCustomerAsync("c-1");
        Assert.Equal((MembershipStatus.Expired, (DateTimeOffset?)Days.Ago(2)), (customer!.MembershipStatus, customer.MembershipExpiresAt));
    }

    [Fact]
    public async Task Membership_expired_without_a_date_expired_when_it_happened()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => c.Status = MembershipStatus.Active)]);

        await Store.AppendEventsAsync([Event("e-1", "c-1", EventTypes.MembershipExpired, Days.Ago(4))]);

        var customer = await Store.GetCustomerAsync("c-1");
        Assert.Equal((MembershipStatus.Expired, (DateTimeOffset?)Days.Ago(4)), (customer!.MembershipStatus, customer.MembershipExpiresAt));
    }

    [Fact]
    public async Task Membership_renewed_reactivates_with_the_new_expiry()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => { c.Status = MembershipStatus.Expired; c.ExpiresAt = Days.Ago(10); })]);

        await Store.AppendEventsAsync([Event("e-1", "c-1", EventTypes.MembershipRenewed, Days.Ago(1), ("expires_at", "2026-06-01T00:00:00+08:00"))]);

        var customer = await Store.GetCustomerAsync("c-1");
        Assert.Equal((MembershipStatus.Active, (DateTimeOffset?)new DateTimeOffset(2026, 5, 31, 16, 0, 0, TimeSpan.Zero)),
            (customer!.MembershipStatus, customer.MembershipExpiresAt));
    }

    [Fact]
    public async Task Membership_expiring_moves_the_expiry_and_keeps_the_status()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => { c.Status = MembershipStatus.Active; c.ExpiresAt = Days.FromNow(30); })]);

        await Store.AppendEventsAsync(
        [
            Event("e-1", "c-1", EventTypes.MembershipExpiring, Days.Ago(1), ("expires_at", "2025-06-08T00:00:00Z")),
            Event("e-2", "c-1", EventTypes.MembershipExpiring, Days.Now), // no date: nothing to change
        ]);

        var customer = await Store.GetCustomerAsync("c-1");
        Assert.Equal((MembershipStatus.Active, (DateTimeOffset?)Days.FromNow(7)), (customer!.MembershipStatus, customer.MembershipExpiresAt));
    }

    [Fact]
    public async Task An_older_membership_event_arriving_late_does_not_undo_a_newer_one()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => c.Status = MembershipStatus.Active)]);

        await Store.AppendEventsAsync([Event("e-2", "c-1", EventTypes.MembershipRenewed, Days.Ago(1), ("expires_at", "2026-06-01T00:00:00Z"))]);
        var late = await Store.AppendEventsAsync([Event("e-1", "c-1", EventTypes.MembershipExpired, Days.Ago(2))]);

        var customer = await Store.GetCustomerAsync("c-1");
        Assert.Equal(1, late.Accepted);
        Assert.Equal((MembershipStatus.Active, (DateTimeOffset?)new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)),
            (customer!.MembershipStatus, customer.MembershipExpiresAt));
    }

    [Fact]
    public async Task Membership_changes_move_the_customer_between_audiences()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => c.Status = MembershipStatus.Active)]);
        var expired = new MembershipStatusFilter([MembershipStatus.Expired]);
        Assert.Equal(0, await Store.CountAudienceAsync(expired, Days.Now));

        await Store.AppendEventsAsync([Event("e-1", "c-1", EventTypes.MembershipExpired, Days.Ago(5))]);

        Assert.Equal(1, await Store.CountAudienceAsync(expired, Days.Now));
        Assert.Equal(1, await Store.CountAudienceAsync(new DaysSinceMembershipExpiryFilter(new(5, 5)), Days.Now));
    }
}
