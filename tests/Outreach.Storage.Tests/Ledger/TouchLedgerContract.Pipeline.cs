using Outreach.Core;
using Outreach.Storage.Ledger;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Ledger;

// What the touch pipeline needs of the ledger: claims scoped to a run, capped touches coming back, outcomes recorded
// in batches under the claim that made them, a run's touches paused and resumed, the sent history streamed.
public abstract partial class TouchLedgerContract
{
    [Fact]
    public async Task A_claim_scoped_to_a_run_takes_only_that_runs_due_touches()
    {
        await Ledger.PlanAsync(
        [
            Touch("c1"), Touch("c2"), Touch("later", Days.FromNow(1)),
            Touch("c1", run: "r2"),
            Touch("c1", campaign: "other"), // same run id, another campaign
        ]);

        var r1 = await Ledger.ClaimDueAsync(Days.Now, 10, Lease, "winback", "r1");

        Assert.Equal(["winback/r1/0/c1", "winback/r1/0/c2"], r1.Select(t => t.TouchId));
        Assert.All(r1, t => Assert.Equal((TouchStatus.Reserved, 1), (t.Status, t.Attempts)));
        Assert.Empty(await Ledger.ClaimDueAsync(Days.Now, 10, Lease, "winback", "r1"));
        Assert.Empty(await Ledger.ClaimDueAsync(Days.Now, 10, Lease, "winback", "no-such-run"));
        Assert.Equal(["winback/r2/0/c1"], (await Ledger.ClaimDueAsync(Days.Now, 10, Lease, "winback", "r2")).Select(t => t.TouchId));
        Assert.Equal(["other/r1/0/c1"], (await Ledger.ClaimDueAsync(Days.Now, 10, Lease)).Select(t => t.TouchId));
        Assert.Equal(TouchStatus.Planned, (await Ledger.GetAsync("winback/r1/0/later"))!.Status);
    }

    [Fact]
    public async Task A_scoped_claim_takes_at_most_max_and_retakes_a_touch_whose_lease_ran_out()
    {
        await Ledger.PlanAsync([.. Enumerable.Range(0, 5).Select(i => Touch($"c{i}")), Touch("c9", run: "r2")]);

        Assert.Equal(["c0", "c1", "c2"], (await Ledger.ClaimDueAsync(Days.Now, 3, Lease, "winback", "r1")).Select(t => t.CustomerId));
        Assert.Equal(["c3", "c4"], (await Ledger.ClaimDueAsync(Days.Now, 3, Lease, "winback", "r1")).Select(t => t.CustomerId));

        var again = await Ledger.ClaimDueAsync(Days.Now + Lease, 10, Lease, "winback", "r1");
        Assert.Equal(5, again.Count);
        Assert.All(again, t => Assert.Equal(2, t.Attempts));
        Assert.Equal(TouchStatus.Planned, (await Ledger.GetAsync("winback/r2/0/c9"))!.Status);
    }

    [Fact]
    public async Task Capped_touches_are_claimed_when_due_and_not_before()
    {
        await Ledger.PlanAsync(
        [
            Touch("due", Days.Ago(1)) with { Status = TouchStatus.Capped, Reason = "weekly cap" },
            Touch("later", Days.FromNow(1)) with { Status = TouchStatus.Capped, Reason = "weekly cap" },
        ]);

        var now = Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 10, Lease));
        Assert.Equal(("due", TouchStatus.Reserved, 1), (now.CustomerId, now.Status, now.Attempts));
        await Ledger.CompleteManyAsync([new TouchCompletion(now.TouchId, 1, TouchStatus.Sent, "accepted")]);
        Assert.Empty(await Ledger.ClaimDueAsync(Days.FromNow(1).AddMilliseconds(-1), 10, Lease, "winback", "r1"));
        var later = Assert.Single(await Ledger.ClaimDueAsync(Days.FromNow(1), 10, Lease, "winback", "r1"));
        Assert.Equal(("later", TouchStatus.Reserved, 1), (later.CustomerId, later.Status, later.Attempts));
    }

    [Fact]
    public async Task A_touch_capped_by_its_completion_comes_back_at_its_new_due_time()
    {
        await Ledger.PlanAsync([Touch("c1")]);
        var claimed = Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 10, Lease));
        var nextWeek = Days.FromNow(7);

        Assert.Equal(1, await Ledger.CompleteManyAsync([new TouchCompletion(claimed.TouchId, 1, TouchStatus.Capped, "weekly cap", DueAt: nextWeek)]));

        Assert.Empty(await Ledger.ClaimDueAsync(nextWeek.AddMilliseconds(-1), 10, Lease));
        var back = Assert.Single(await Ledger.ClaimDueAsync(nextWeek, 10, Lease));
        Assert.Equal((claimed.TouchId, TouchStatus.Reserved, 2), (back.TouchId, back.Status, back.Attempts));
    }

    [Fact]
    public async Task Complete_many_applies_only_to_touches_still_reserved_under_the_same_attempt()
    {
        await Ledger.PlanAsync(
        [
            Touch("sent"),
            Touch("deferred") with { ProviderId = "p-0" },
            Touch("settled"),
            Touch("stale", run: "r2"),
        ]);
        Assert.Equal(3, (await Ledger.ClaimDueAsync(Days.Now, 10, Lease, "winback", "r1")).Count);
        Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 10, Lease, "winback", "r2"));
        // Another path settled one already; the stale one's lease ran out and a second claimer holds it (attempt 2).
        await Ledger.CompleteAsync("winback/r1/0/settled", TouchStatus.Dropped, "expired", null, null);
        var retaken = Assert.Single(await Ledger.ClaimDueAsync(Days.Now + Lease, 10, Lease, "winback", "r2"));
        Assert.Equal(2, retaken.Attempts);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var tomorrow = Days.FromNow(1);

        var applied = await Ledger.CompleteManyAsync(
        [
            new TouchCompletion("winback/r1/0/sent", 1, TouchStatus.Sent, "accepted", Channel.Email, "B", "msg-1"),
            new TouchCompletion("winback/r1/0/deferred", 1, TouchStatus.Deferred, "quiet hours", DueAt: tomorrow),
            new TouchCompletion("winback/r1/0/settled", 1, TouchStatus.Failed, "late"),
            new TouchCompletion("winback/r2/0/stale", 1, TouchStatus.Failed, "from the first claimer"),
            new TouchCompletion("no/such/0/touch", 1, TouchStatus.Sent, "ghost"),
        ]);

        Assert.Equal(2, applied);
        var sent = (await Ledger.GetAsync("winback/r1/0/sent"))!;
        Assert.Equal(
            (TouchStatus.Sent, "accepted", (Channel?)Channel.Email, "B", "msg-1", Days.Now + Lease, Clock.GetUtcNow()),
            (sent.Status, sent.Reason, sent.Channel, sent.Variant, sent.ProviderId, sent.DueAt, sent.UpdatedAt));
        // Nulls keep what was recorded: the channel and variant decided at planning, the provider id.
        var deferred = (await Ledger.GetAsync("winback/r1/0/deferred"))!;
        Assert.Equal(
            (TouchStatus.Deferred, "quiet hours", (Channel?)Channel.Sms, "A", "p-0", tomorrow, Clock.GetUtcNow()),
            (deferred.Status, deferred.Reason, deferred.Channel, deferred.Variant, deferred.ProviderId, deferred.DueAt, deferred.UpdatedAt));
        var settled = (await Ledger.GetAsync("winback/r1/0/settled"))!;
        Assert.Equal((TouchStatus.Dropped, "expired"), (settled.Status, settled.Reason));
        Assert.Equal(retaken, await Ledger.GetAsync("winback/r2/0/stale"));

        // The claimer that holds it now records its outcome.
        Assert.Equal(1, await Ledger.CompleteManyAsync([new TouchCompletion("winback/r2/0/stale", 2, TouchStatus.Sent, "accepted", ProviderId: "msg-2")]));
        var stale = (await Ledger.GetAsync("winback/r2/0/stale"))!;
        Assert.Equal((TouchStatus.Sent, "msg-2", (Channel?)Channel.Sms), (stale.Status, stale.ProviderId, stale.Channel));
        // Completing twice does nothing the second time: the touch is no longer Reserved.
        Assert.Equal(0, await Ledger.CompleteManyAsync([new TouchCompletion("winback/r2/0/stale", 2, TouchStatus.Failed, "again")]));
        Assert.Equal(0, await Ledger.CompleteManyAsync([]));
    }

    [Fact]
    public async Task Complete_many_records_a_large_batch_in_one_call()
    {
        await Ledger.PlanAsync([.. Enumerable.Range(0, 600).Select(i => Touch($"c{i:D4}"))]);
        var claimed = await Ledger.ClaimDueAsync(Days.Now, 1000, Lease);
        Assert.Equal(600, claimed.Count);

        var applied = await Ledger.CompleteManyAsync(
        [
            .. claimed.Select((t, i) => i % 2 == 0
                ? new TouchCompletion(t.TouchId, t.Attempts, TouchStatus.Sent, "accepted", ProviderId: $"msg-{i}")
                : new TouchCompletion(t.TouchId, t.Attempts, TouchStatus.Deferred, "quiet hours", DueAt: Days.FromNow(1))),
        ]);

        Assert.Equal(600, applied);
        var counts = await Ledger.CountByStatusAsync("winback", "r1");
        Assert.Equal((300L, 300L, 2), (counts[TouchStatus.Sent], counts[TouchStatus.Deferred], counts.Count));
        Assert.Equal("msg-598", (await Ledger.GetAsync(claimed[598].TouchId))!.ProviderId);
    }

    [Fact]
    public async Task Moving_a_runs_touches_moves_only_the_listed_statuses_of_that_run_and_keeps_due_times()
    {
        await Ledger.PlanAsync(
        [
            Touch("planned", Days.FromNow(1)),
            Touch("capped", Days.FromNow(2)) with { Status = TouchStatus.Capped },
            Touch("deferred", Days.FromNow(3)) with { Status = TouchStatus.Deferred },
            Touch("held", Days.FromNow(1)) with { Status = TouchStatus.HeldOut, Reason = "holdout" },
            Touch("planned", Days.FromNow(1), run: "r2"),
            Touch("planned", Days.FromNow(1), campaign: "other"),
        ]);
        Clock.Advance(TimeSpan.FromMinutes(1));

        var paused = await Ledger.MoveRunTouchesAsync("winback", "r1", [TouchStatus.Planned, TouchStatus.Capped], TouchStatus.Paused, "run paused");

        Assert.Equal(2, paused);
        var planned = (await Ledger.GetAsync("winback/r1/0/planned"))!;
        var capped = (await Ledger.GetAsync("winback/r1/0/capped"))!;
        Assert.Equal((TouchStatus.Paused, "run paused", Days.FromNow(1), Clock.GetUtcNow()), (planned.Status, planned.Reason, planned.DueAt, planned.UpdatedAt));
        Assert.Equal((TouchStatus.Paused, "run paused", Days.FromNow(2)), (capped.Status, capped.Reason, capped.DueAt));
        var deferred = (await Ledger.GetAsync("winback/r1/0/deferred"))!;
        Assert.Equal((TouchStatus.Deferred, Days.FromNow(3)), (deferred.Status, deferred.DueAt));
        Assert.Equal(TouchStatus.HeldOut, (await Ledger.GetAsync("winback/r1/0/held"))!.Status);
        Assert.Equal(TouchStatus.Planned, (await Ledger.GetAsync("winback/r2/0/planned"))!.Status);
        Assert.Equal(TouchStatus.Planned, (await Ledger.GetAsync("other/r1/0/planned"))!.Status);
        // A paused touch is not claimed, however late it is.
        Assert.Equal(["deferred"], (await Ledger.ClaimDueAsync(Days.FromNow(30), 10, Lease, "winback", "r1")).Select(t => t.CustomerId));

        // Resuming makes them Planned again with the due times they had.
        Assert.Equal(2, await Ledger.MoveRunTouchesAsync("winback", "r1", [TouchStatus.Paused], TouchStatus.Planned, "run resumed"));
        var resumed = (await Ledger.GetAsync("winback/r1/0/capped"))!;
        Assert.Equal((TouchStatus.Planned, "run resumed", Days.FromNow(2)), (resumed.Status, resumed.Reason, resumed.DueAt));
        Assert.Equal(["planned"], (await Ledger.ClaimDueAsync(Days.FromNow(1), 10, Lease, "winback", "r1")).Select(t => t.CustomerId));

        Assert.Equal(0, await Ledger.MoveRunTouchesAsync("winback", "r1", [], TouchStatus.Cancelled, "nothing listed"));
        Assert.Equal(0, await Ledger.MoveRunTouchesAsync("winback", "no-such-run", [TouchStatus.Planned], TouchStatus.Cancelled, "cancelled"));
        Assert.Equal(1, await Ledger.MoveRunTouchesAsync("winback", "r2", [TouchStatus.Planned, TouchStatus.Paused], TouchStatus.Cancelled, "cancelled"));
        Assert.Equal(TouchStatus.Cancelled, (await Ledger.GetAsync("winback/r2/0/planned"))!.Status);
    }

    [Fact]
    public async Task The_sent_history_streams_sent_and_delivered_touches_since_a_time_oldest_first()
    {
        string[] customers = ["before", "z-first", "failed", "a-second", "deferred", "m-third"];
        await Ledger.PlanAsync([.. customers.Select(c => Touch(c))]);
        var claimed = (await Ledger.ClaimDueAsync(Days.Now, 10, Lease)).ToDictionary(t => t.CustomerId);
        var outcomes = new (string Customer, TouchStatus Status)[]
        {
            ("before", TouchStatus.Sent), ("z-first", TouchStatus.Sent), ("failed", TouchStatus.Failed),
            ("a-second", TouchStatus.Delivered), ("deferred", TouchStatus.Deferred), ("m-third", TouchStatus.Sent),
        };
        foreach (var (customer, status) in outcomes)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Ledger.CompleteManyAsync([new TouchCompletion(claimed[customer].TouchId, 1, status, "outcome", ProviderId: $"msg-{customer}")]);
        }
        var since = Days.Now.AddMinutes(2); // when z-first went out

        var sent = await ToListAsync(Ledger.StreamSentSinceAsync(since));

        Assert.Equal(["z-first", "a-second", "m-third"], sent.Select(t => t.CustomerId));
        Assert.Equal([since, since.AddMinutes(2), since.AddMinutes(4)], sent.Select(t => t.UpdatedAt));
        Assert.Equal([TouchStatus.Sent, TouchStatus.Delivered, TouchStatus.Sent], sent.Select(t => t.Status));
        Assert.Equal("msg-m-third", sent[2].ProviderId);
        Assert.Equal(4, (await ToListAsync(Ledger.StreamSentSinceAsync(Days.Ago(1)))).Count);
        Assert.Empty(await ToListAsync(Ledger.StreamSentSinceAsync(Clock.GetUtcNow().AddMilliseconds(1))));
    }

    [Fact]
    public async Task The_sequence_start_round_trips_and_defaults_to_the_due_time()
    {
        await Ledger.PlanAsync(
        [
            Touch("given", Days.FromNow(3), step: 1) with { SequenceAt = Days.Ago(2) },
            Touch("defaulted", Days.FromNow(1)),
        ]);

        Assert.Equal(Days.Ago(2), (await Ledger.GetAsync(TouchKey.For("winback", "r1", 1, "given")))!.SequenceAt);
        Assert.Equal(Days.FromNow(1), (await Ledger.GetAsync(TouchKey.For("winback", "r1", 0, "defaulted")))!.SequenceAt);

        // Claims and outcomes move the due time, never the sequence start.
        var claimed = await Ledger.ClaimDueAsync(Days.FromNow(3), 10, Lease);
        Assert.Equal([Days.FromNow(1), Days.Ago(2)], claimed.Select(t => t.SequenceAt));
        await Ledger.CompleteManyAsync([new TouchCompletion(claimed[1].TouchId, 1, TouchStatus.Deferred, "quiet hours", DueAt: Days.FromNow(4))]);
        Assert.Equal(Days.Ago(2), (await Ledger.GetAsync(claimed[1].TouchId))!.SequenceAt);
    }

    [Fact]
    public async Task Planning_thousands_in_one_call_then_again_with_ten_more_reports_the_ten()
    {
        // Every nullable column is null in some rows: the batch path must carry nulls through.
        var touches = Enumerable.Range(0, 2_000).Select(i => new TouchRecord("winback", "r1", i % 3, $"c{i:D5}")
        {
            Status = i % 5 == 0 ? TouchStatus.HeldOut : TouchStatus.Planned,
            Channel = i % 5 == 0 ? null : (i % 2 == 0 ? Channel.Sms : Channel.Email),
            Variant = i % 4 == 0 ? null : "A",
            Reason = i % 7 == 0 ? null : "decided",
            DueAt = Days.Now.AddSeconds(i),
            SequenceAt = i % 2 == 0 ? null : Days.Ago(1),
            ExpiresAt = i % 3 == 0 ? null : Days.FromNow(2),
        }).ToList();
        var more = Enumerable.Range(2_000, 10).Select(i => Touch($"c{i:D5}")).ToList();

        Assert.Equal(2_000, await Ledger.PlanAsync(touches));
        Assert.Equal(10, await Ledger.PlanAsync([.. touches, .. more]));

        var counts = await Ledger.CountByStatusAsync("winback", "r1");
        Assert.Equal((400L, 1_610L), (counts[TouchStatus.HeldOut], counts[TouchStatus.Planned]));
        foreach (var i in new[] { 0, 1, 2, 3, 7, 1_999 })
        {
            var expected = touches[i] with { SequenceAt = touches[i].SequenceAt ?? touches[i].DueAt, CreatedAt = Days.Now, UpdatedAt = Days.Now };
            Assert.Equal(expected, await Ledger.GetAsync(touches[i].TouchId));
        }
        Assert.Equal(more[9] with { SequenceAt = Days.Now, CreatedAt = Days.Now, UpdatedAt = Days.Now }, await Ledger.GetAsync(more[9].TouchId));
    }

    [Fact]
    public async Task A_touch_listed_twice_in_one_call_is_planned_once()
    {
        Assert.Equal(2, await Ledger.PlanAsync([Touch("c1"), Touch("c2"), Touch("c1") with { Variant = "B" }]));

        Assert.Equal("A", (await Ledger.GetAsync(TouchKey.For("winback", "r1", 0, "c1")))!.Variant);
        Assert.Equal(2, (await Ledger.CountByStatusAsync("winback", "r1")).Values.Sum());
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
