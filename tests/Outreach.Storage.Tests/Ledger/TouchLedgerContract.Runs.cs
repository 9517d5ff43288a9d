using Outreach.Storage.Runs;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Ledger;

// The run store lives beside the ledger, in the same database: every node sees the same runs and cursors.
public abstract partial class TouchLedgerContract
{
    private IRunStore NewRuns() => Opened(OpenRuns(Location));

    [Fact]
    public async Task Starting_a_run_twice_returns_the_run_created_the_first_time()
    {
        var runs = NewRuns();

        var first = await runs.StartRunAsync("winback", "2025-06-01", "schedule");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await runs.StartRunAsync("winback", "2025-06-01", "manual");

        Assert.Equal(new RunRecord("winback", "2025-06-01", RunState.Planning, "schedule", null, null, Days.Now, Days.Now), first);
        Assert.Equal(first, again);
        Assert.Single(await runs.ListRunsAsync(null, 10));
        // Another node (its own connections) sees the same run.
        Assert.Equal(first, await NewRuns().GetRunAsync("winback", "2025-06-01"));
        Assert.Null(await runs.GetRunAsync("winback", "2025-06-02"));
        Assert.Null(await runs.GetRunAsync("other", "2025-06-01"));
    }

    [Fact]
    public async Task Finishing_planning_records_the_audience_and_starts_the_run()
    {
        var runs = NewRuns();
        await runs.StartRunAsync("winback", "r1", "schedule");
        Clock.Advance(TimeSpan.FromMinutes(3));

        await runs.FinishPlanningAsync("winback", "r1", 1_234);

        Assert.Equal(
            new RunRecord("winback", "r1", RunState.Running, "schedule", 1_234, null, Days.Now, Clock.GetUtcNow()),
            await runs.GetRunAsync("winback", "r1"));
    }

    [Fact]
    public async Task Finishing_planning_leaves_a_paused_or_cancelled_run_in_its_state()
    {
        var runs = NewRuns();
        await runs.StartRunAsync("winback", "paused", "schedule");
        await runs.StartRunAsync("winback", "cancelled", "schedule");
        Assert.True(await runs.SetRunStateAsync("winback", "paused", RunState.Paused, "paused by ops"));
        Assert.True(await runs.SetRunStateAsync("winback", "cancelled", RunState.Cancelled, "wrong audience"));

        await runs.FinishPlanningAsync("winback", "paused", 10);
        await runs.FinishPlanningAsync("winback", "cancelled", 20);

        var paused = (await runs.GetRunAsync("winback", "paused"))!;
        var cancelled = (await runs.GetRunAsync("winback", "cancelled"))!;
        Assert.Equal((RunState.Paused, "paused by ops", (long?)10), (paused.State, paused.Note, paused.Audience));
        Assert.Equal((RunState.Cancelled, "wrong audience", (long?)20), (cancelled.State, cancelled.Note, cancelled.Audience));
    }

    [Fact]
    public async Task Adding_to_the_audience_adds_up_across_calls_and_starts_a_planning_run()
    {
        var runs = NewRuns();
        await runs.StartRunAsync("welcome", "2025-06-01", "event");

        await runs.AddToAudienceAsync("welcome", "2025-06-01", 3);
        var started = (await runs.GetRunAsync("welcome", "2025-06-01"))!;
        await runs.AddToAudienceAsync("welcome", "2025-06-01", 4);
        await runs.AddToAudienceAsync("welcome", "2025-06-01", 0);

        Assert.Equal((RunState.Running, (long?)3), (started.State, started.Audience));
        var run = (await runs.GetRunAsync("welcome", "2025-06-01"))!;
        Assert.Equal((RunState.Running, (long?)7, "event"), (run.State, run.Audience, run.Trigger));

        // A paused run still counts what arrives, and stays paused.
        await runs.SetRunStateAsync("welcome", "2025-06-01", RunState.Paused, null);
        await runs.AddToAudienceAsync("welcome", "2025-06-01", 5);
        var paused = (await runs.GetRunAsync("welcome", "2025-06-01"))!;
        Assert.Equal((RunState.Paused, (long?)12), (paused.State, paused.Audience));
    }

    [Fact]
    public async Task Setting_a_runs_state_records_it_with_its_note_and_is_false_for_an_unknown_run()
    {
        var runs = NewRuns();
        await runs.StartRunAsync("winback", "r1", "manual");
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await runs.SetRunStateAsync("winback", "r1", RunState.Paused, "paused by li.wei"));
        var paused = (await runs.GetRunAsync("winback", "r1"))!;
        Assert.Equal((RunState.Paused, "paused by li.wei", Clock.GetUtcNow(), Days.Now), (paused.State, paused.Note, paused.UpdatedAt, paused.CreatedAt));

        Assert.True(await runs.SetRunStateAsync("winback", "r1", RunState.Running, null));
        var resumed = (await runs.GetRunAsync("winback", "r1"))!;
        Assert.Equal((RunState.Running, (string?)null), (resumed.State, resumed.Note));

        Assert.False(await runs.SetRunStateAsync("winback", "no-such-run", RunState.Cancelled, "x"));
        Assert.False(await runs.SetRunStateAsync("nobody", "r1", RunState.Cancelled, "x"));
        Assert.Null(await runs.GetRunAsync("winback", "no-such-run"));
        Assert.Single(await runs.ListRunsAsync(null, 10));
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_of_one_campaign_or_all_up_to_the_limit()
    {
        var runs = NewRuns();
        foreach (var (campaign, run) in new[] { ("a", "r1"), ("b", "r1"), ("a", "r2"), ("a", "r3") })
        {
            await runs.StartRunAsync(campaign, run, "schedule");
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
        // A later update of an old run does not move it up: runs are ordered by when they were created.
        await runs.FinishPlanningAsync("a", "r1", 5);

        Assert.Equal(["a/r3", "a/r2", "b/r1", "a/r1"], Names(await runs.ListRunsAsync(null, 10)));
        Assert.Equal(["a/r3", "a/r2", "a/r1"], Names(await runs.ListRunsAsync("a", 10)));
        Assert.Equal(["a/r3", "a/r2"], Names(await runs.ListRunsAsync("a", 2)));
        Assert.Equal(["a/r3"], Names(await runs.ListRunsAsync(null, 1)));
        Assert.Equal(["b/r1"], Names(await runs.ListRunsAsync("b", 10)));
        Assert.Empty(await runs.ListRunsAsync("nobody", 10));
        var oldest = (await runs.ListRunsAsync("a", 10))[^1];
        Assert.Equal((RunState.Running, (long?)5, Days.Now), (oldest.State, oldest.Audience, oldest.CreatedAt));

        static IEnumerable<string> Names(IReadOnlyList<RunRecord> list) => list.Select(r => $"{r.CampaignId}/{r.RunId}");
    }

    [Fact]
    public async Task Cursors_are_upserted_and_read_back_and_null_when_absent()
    {
        var runs = NewRuns();
        Assert.Null(await runs.GetCursorAsync("event-triggers"));

        await runs.SetCursorAsync("event-triggers", "1748736000000|e-1");
        Assert.Equal("1748736000000|e-1", await runs.GetCursorAsync("event-triggers"));

        Clock.Advance(TimeSpan.FromSeconds(5));
        await runs.SetCursorAsync("event-triggers", "1748736005000|e-9");
        await runs.SetCursorAsync("outbox", "");

        Assert.Equal("1748736005000|e-9", await runs.GetCursorAsync("event-triggers"));
        Assert.Equal("", await runs.GetCursorAsync("outbox"));
        Assert.Equal("1748736005000|e-9", await NewRuns().GetCursorAsync("event-triggers"));
        Assert.Null(await runs.GetCursorAsync("Event-Triggers"));
    }
}
