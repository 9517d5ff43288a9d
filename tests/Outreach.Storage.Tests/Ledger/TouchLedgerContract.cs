using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Ledger;

/// <summary>
/// The behaviour every <see cref="ITouchLedger"/> must have, run against each database through a derived class.
/// Every test starts from a new, empty database migrated by its customer store, as the application does.
/// </summary>
public abstract partial class TouchLedgerContract : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly List<object> _opened = [];

    protected FakeTimeProvider Clock { get; } = new(Days.Now);

    private ITouchLedger Ledger { get; set; } = null!;

    private string Location { get; set; } = "";

    /// <summary>Where a new, empty database lives (a file path, a connection string).</summary>
    protected abstract Task<string> NewLocationAsync();

    protected abstract ICustomerStore OpenStore(string location);

    protected abstract ITouchLedger OpenLedger(string location);

    /// <summary>The run store on the database at <paramref name="location"/>, as the application would construct it.</summary>
    protected abstract IRunStore OpenRuns(string location);

    /// <summary>The store's schema scripts (script i brings the schema to version i + 1), to build an older database.</summary>
    protected abstract IReadOnlyList<string> SchemaMigrations { get; }

    /// <summary>An open connection to the database at <paramref name="location"/>, for building an older schema by hand.</summary>
    protected abstract Task<DbConnection> ConnectAsync(string location);

    public async Task InitializeAsync()
    {
        Location = await NewLocationAsync();
        var store = OpenStore(Location);
        _opened.Add(store);
        await store.MigrateAsync();
        Ledger = NewLedger();
    }

    private ITouchLedger NewLedger() => Opened(OpenLedger(Location));

    private T Opened<T>(T opened) where T : notnull
    {
        _opened.Add(opened);
        return opened;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            if (opened is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else (opened as IDisposable)?.Dispose();
        }
    }

    private static TouchRecord Touch(string customer, DateTimeOffset? dueAt = null, string campaign = "winback", string run = "r1", int step = 0) =>
        new(campaign, run, step, customer) { DueAt = dueAt ?? Days.Now, Channel = Channel.Sms, Variant = "A", Reason = "decided" };

    [Fact]
    public async Task Planning_the_same_touches_twice_keeps_one_row_each_and_their_state()
    {
        Assert.Equal(2, await Ledger.PlanAsync([Touch("c1"), Touch("c2")]));
        var claimed = await Ledger.ClaimDueAsync(Days.Now, 1, Lease);
        await Ledger.CompleteAsync(claimed[0].TouchId, TouchStatus.Sent, "sent", "p-1", null);

        Assert.Equal(1, await Ledger.PlanAsync([Touch("c1"), Touch("c2"), Touch("c3")]));

        Assert.Equal(TouchStatus.Sent, (await Ledger.GetAsync(claimed[0].TouchId))!.Status);
        Assert.Single(await Ledger.ForCustomerAsync("c1"));
        var counts = await Ledger.CountByStatusAsync("winback", null);
        Assert.Equal(3, counts.Values.Sum());
    }

    [Fact]
    public async Task A_planned_touch_reads_back_with_every_field()
    {
        var touch = Touch("c1", Days.FromNow(1), step: 2) with
        {
            ExpiresAt = Days.FromNow(3), Channel = Channel.WeChat, Variant = "B", Reason = "why", SequenceAt = Days.Ago(2),
        };
        Clock.Advance(TimeSpan.FromSeconds(7));

        await Ledger.PlanAsync([touch]);
        var read = await Ledger.GetAsync(TouchKey.For("winback", "r1", 2, "c1"));

        Assert.NotNull(read);
        Assert.Equal(touch with { CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow() }, read);
        Assert.Null(await Ledger.GetAsync("no/such/0/touch"));
    }

    [Fact]
    public void Touch_ids_are_deterministic_and_never_collide_on_separators()
    {
        Assert.Equal(new TouchRecord("a", "r", 1, "c").TouchId, TouchKey.For("a", "r", 1, "c"));
        Assert.NotEqual(TouchKey.For("a/b", "r", 1, "c"), TouchKey.For("a", "b/r", 1, "c"));
    }

    [Fact]
    public async Task Claim_returns_only_due_touches_in_due_order_and_reserves_them()
    {
        await Ledger.PlanAsync([Touch("late", Days.FromNow(1)), Touch("second", Days.Now), Touch("first", Days.Ago(1))]);

        var claimed = await Ledger.ClaimDueAsync(Days.Now, 10, Lease);

        Assert.Equal(["first", "second"], claimed.Select(t => t.CustomerId));
        Assert.All(claimed, t =>
        {
            Assert.Equal(TouchStatus.Reserved, t.Status);
            Assert.Equal(1, t.Attempts);
            Assert.Equal(Days.Now + Lease, t.DueAt);
        });
        Assert.Empty(await Ledger.ClaimDueAsync(Days.Now, 10, Lease));
        Assert.Equal(TouchStatus.Planned, (await Ledger.ForCustomerAsync("late")).Single().Status);
    }

    [Fact]
    public async Task Claim_takes_at_most_max_touches()
    {
        await Ledger.PlanAsync([.. Enumerable.Range(0, 5).Select(i => Touch($"c{i}"))]);

        Assert.Equal(3, (await Ledger.ClaimDueAsync(Days.Now, 3, Lease)).Count);
        Assert.Equal(2, (await Ledger.ClaimDueAsync(Days.Now, 3, Lease)).Count);
    }

    [Fact]
    public async Task Concurrent_claimers_take_every_touch_exactly_once()
    {
        const int touches = 500;
        await Ledger.PlanAsync([.. Enumerable.Range(0, touches).Select(i => Touch($"c{i:D4}"))]);
        var claims = new ConcurrentBag<string>();

        // Four dispatchers, each with its own ledger (its own pool, as separate nodes would have), drain the queue.
        var claimers = Enumerable.Range(0, 4).Select(_ => NewLedger()).Select(ledger => Task.Run(async () =>
        {
            while (await ledger.ClaimDueAsync(Days.Now, 7, Lease) is { Count: > 0 } batch)
                foreach (var touch in batch) claims.Add(touch.TouchId);
        })).ToList();
        await Task.WhenAll(claimers);

        Assert.Equal(touches, claims.Count);
        Assert.Equal(touches, claims.Distinct().Count());
        Assert.Equal(touches, (await Ledger.CountByStatusAsync("winback", "r1"))[TouchStatus.Reserved]);
    }

    [Fact]
    public async Task A_reserved_touch_whose_lease_ran_out_is_claimable_again_with_one_more_attempt()
    {
        await Ledger.PlanAsync([Touch("c1")]);
        var first = Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 10, Lease));

        // The dispatcher crashed between reserve and send: nothing until the lease runs out, then the touch returns.
        Assert.Empty(await Ledger.ClaimDueAsync(Days.Now + Lease - TimeSpan.FromMilliseconds(1), 10, Lease));
        var again = Assert.Single(await Ledger.ClaimDueAsync(Days.Now + Lease, 10, Lease));

        Assert.Equal(first.TouchId, again.TouchId);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(2, again.Attempts);
        Assert.Equal(Days.Now + Lease + Lease, again.DueAt);
    }

    [Fact]
    public async Task Touches_planned_claimed_are_stored_as_a_claim_leaves_them_and_read_back_the_same()
    {
        var claimed = await Ledger.PlanClaimedAsync([Touch("c1"), Touch("c2")], Clock.GetUtcNow(), Lease);

        Assert.Equal(["c1", "c2"], claimed.Select(t => t.CustomerId));
        foreach (var touch in claimed)
        {
            Assert.Equal((TouchStatus.Reserved, 1, Days.Now + Lease, Days.Now), (touch.Status, touch.Attempts, touch.DueAt, touch.SequenceAt));
            Assert.Equal(touch, await Ledger.GetAsync(touch.TouchId));
        }
        // Held like any claim: nobody else takes them before the lease runs out, then they come back with one more attempt.
        Assert.Empty(await Ledger.ClaimDueAsync(Days.Now + Lease - TimeSpan.FromMilliseconds(1), 10, Lease));
        Assert.All(await Ledger.ClaimDueAsync(Days.Now + Lease, 10, Lease), t => Assert.Equal(2, t.Attempts));
    }

    [Fact]
    public async Task A_touch_claimed_by_its_planner_is_not_planned_again_into_the_queue_and_counts_as_reserved()
    {
        await Ledger.PlanClaimedAsync([Touch("c1")], Clock.GetUtcNow(), Lease);

        Assert.Equal(1, await Ledger.PlanAsync([Touch("c1"), Touch("c2")]));

        Assert.Equal(TouchStatus.Reserved, Assert.Single(await Ledger.ForCustomerAsync("c1")).Status);
        var counts = await Ledger.CountByStatusAsync("winback", "r1");
        Assert.Equal((1L, 1L), (counts[TouchStatus.Reserved], counts[TouchStatus.Planned]));
    }

    [Fact]
    public async Task A_claimed_touch_completed_in_a_batch_keeps_its_fields_and_takes_the_outcome()
    {
        var touch = Assert.Single(await Ledger.PlanClaimedAsync([Touch("c1") with { ExpiresAt = Days.FromNow(2) }], Clock.GetUtcNow(), Lease));
        Clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1, await Ledger.CompleteManyAsync([new TouchCompletion(touch.TouchId, 1, TouchStatus.Sent, "sent", Channel.WeChat, "B", "p-9")]));

        var read = await Ledger.GetAsync(touch.TouchId);
        Assert.Equal(touch with
        {
            Status = TouchStatus.Sent, Reason = "sent", Channel = Channel.WeChat, Variant = "B", ProviderId = "p-9", UpdatedAt = Clock.GetUtcNow(),
        }, read);
        Assert.Equal(1L, Assert.Single(await Ledger.CountByStatusAsync("winback", "r1")).Value);
        // Done: planning or claiming it again changes nothing.
        Assert.Empty(await Ledger.PlanClaimedAsync([Touch("c1")], Clock.GetUtcNow(), Lease));
        Assert.Empty(await Ledger.ClaimDueAsync(Days.Now + Lease + Lease, 10, Lease));
    }

    [Fact]
    public async Task A_claimed_touch_whose_lease_ran_out_is_due_again_and_its_first_attempt_can_no_longer_record_it()
    {
        var touch = Assert.Single(await Ledger.PlanClaimedAsync([Touch("c1")], Clock.GetUtcNow(), Lease));
        var queue = (ITouchQueue)Ledger;
        Assert.Equal(0, await queue.CountDueAsync(Days.Now));
        Assert.Equal(1, await queue.CountDueAsync(Days.Now + Lease));

        var again = Assert.Single(await Ledger.ClaimDueAsync(Days.Now + Lease, 10, Lease, "winback", "r1"));

        Assert.Equal((touch.TouchId, 2), (again.TouchId, again.Attempts));
        Assert.Equal(0, await Ledger.CompleteManyAsync([new TouchCompletion(touch.TouchId, 1, TouchStatus.Sent, "late", Channel.Sms)]));
        Assert.Equal(1, await Ledger.CompleteManyAsync([new TouchCompletion(touch.TouchId, 2, TouchStatus.Sent, "sent", Channel.Sms)]));
        Assert.Equal(("sent", 2), ((await Ledger.GetAsync(touch.TouchId))!.Reason, (await Ledger.GetAsync(touch.TouchId))!.Attempts));
    }

    [Fact]
    public async Task Planning_claimed_again_returns_only_new_touches_and_leaves_the_others_as_they_are()
    {
        var first = Assert.Single(await Ledger.PlanClaimedAsync([Touch("c1")], Clock.GetUtcNow(), Lease));
        Assert.True(await Ledger.CompleteAsync(first.TouchId, TouchStatus.Sent, "sent", "p-1", null));

        var again = await Ledger.PlanClaimedAsync([Touch("c1"), Touch("c2"), Touch("c2")], Clock.GetUtcNow(), Lease);

        Assert.Equal("c2", Assert.Single(again).CustomerId);
        Assert.Equal(TouchStatus.Sent, (await Ledger.GetAsync(first.TouchId))!.Status);
    }

    [Fact]
    public async Task Complete_moves_the_touch_to_its_outcome_with_reason_and_provider_id()
    {
        await Ledger.PlanAsync([Touch("c1")]);
        var touch = Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 10, Lease));
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Ledger.CompleteAsync(touch.TouchId, TouchStatus.Sent, "accepted", "msg-42", null));
        var sent = (await Ledger.GetAsync(touch.TouchId))!;
        Assert.Equal((TouchStatus.Sent, "accepted", "msg-42", Clock.GetUtcNow()), (sent.Status, sent.Reason, sent.ProviderId, sent.UpdatedAt));

        // A delivery callback moves it on and keeps the provider id.
        Assert.True(await Ledger.CompleteAsync(touch.TouchId, TouchStatus.Delivered, "delivered", null, null));
        var delivered = (await Ledger.GetAsync(touch.TouchId))!;
        Assert.Equal((TouchStatus.Delivered, "delivered", "msg-42"), (delivered.Status, delivered.Reason, delivered.ProviderId));

        Assert.Empty(await Ledger.ClaimDueAsync(Days.FromNow(30), 10, Lease));
        Assert.False(await Ledger.CompleteAsync("no/such/0/touch", TouchStatus.Failed, "x", null, null));
    }

    [Fact]
    public async Task A_deferred_touch_comes_back_when_it_is_due_again()
    {
        await Ledger.PlanAsync([Touch("c1")]);
        var touch = Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 10, Lease));
        var morning = Days.Now.AddHours(9);

        await Ledger.CompleteAsync(touch.TouchId, TouchStatus.Deferred, "quiet hours", null, morning);

        Assert.Empty(await Ledger.ClaimDueAsync(morning.AddMinutes(-1), 10, Lease));
        var back = Assert.Single(await Ledger.ClaimDueAsync(morning, 10, Lease));
        Assert.Equal((touch.TouchId, TouchStatus.Reserved, 2), (back.TouchId, back.Status, back.Attempts));
    }

    [Fact]
    public async Task Counts_by_status_are_per_campaign_and_optionally_per_run()
    {
        await Ledger.PlanAsync(
        [
            Touch("c1"), Touch("c2"),
            Touch("c3") with { Status = TouchStatus.HeldOut, Reason = "holdout" },
            Touch("c4") with { Status = TouchStatus.Suppressed, Reason = "opted out" },
            Touch("c1", run: "r2"),
            Touch("c1", Days.FromNow(1), campaign: "other"),
        ]);
        var claimed = await Ledger.ClaimDueAsync(Days.Now, 1, Lease);
        await Ledger.CompleteAsync(claimed[0].TouchId, TouchStatus.Failed, "provider error", null, null);

        var run1 = await Ledger.CountByStatusAsync("winback", "r1");
        var all = await Ledger.CountByStatusAsync("winback", null);

        Assert.Equal(4, run1.Values.Sum());
        Assert.Equal(1, run1[TouchStatus.HeldOut]);
        Assert.Equal(1, run1[TouchStatus.Suppressed]);
        Assert.Equal(1, run1[TouchStatus.Failed]);
        Assert.Equal(5, all.Values.Sum());
        Assert.Equal(1, all[TouchStatus.Failed]);
        Assert.Equal(2, all[TouchStatus.Planned]);
        Assert.False(all.ContainsKey(TouchStatus.Sent));
        Assert.Empty(await Ledger.CountByStatusAsync("nobody", null));
    }

    [Fact]
    public async Task Touches_that_are_not_to_be_sent_are_never_claimed()
    {
        TouchStatus[] settled =
        [
            TouchStatus.HeldOut, TouchStatus.Suppressed, TouchStatus.NotAllowed, TouchStatus.Unreachable, TouchStatus.Sent,
            TouchStatus.Delivered, TouchStatus.Failed, TouchStatus.Dropped, TouchStatus.Exited, TouchStatus.Skipped,
            TouchStatus.Paused, TouchStatus.Cancelled,
        ];
        await Ledger.PlanAsync([.. settled.Select(status => Touch($"c-{status}", Days.Ago(1)) with { Status = status })]);

        Assert.Empty(await Ledger.ClaimDueAsync(Days.FromNow(1), 100, Lease));
        Assert.Empty(await Ledger.ClaimDueAsync(Days.FromNow(1), 100, Lease, "winback", "r1"));
        Assert.Equal(settled.Order(), (await Ledger.CountByStatusAsync("winback", "r1")).Keys.Order());
    }

    [Fact]
    public async Task A_customers_touches_are_listed_oldest_first()
    {
        await Ledger.PlanAsync([Touch("c1", run: "r1")]);
        Clock.Advance(TimeSpan.FromDays(1));
        await Ledger.PlanAsync([Touch("c1", run: "r2"), Touch("c2")]);

        Assert.Equal(["r1", "r2"], (await Ledger.ForCustomerAsync("c1")).Select(t => t.RunId));
    }
}
