using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Customers;
using Outreach.Engine.Triggers;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Triggers;

/// <summary>
/// Event-triggered campaigns: the scanner reads events stored since its cursor and plans each customer's touch due the
/// trigger's delay after the event; the dispatchers send it when due.
/// </summary>
public class EventTriggerScannerTests
{
    private const string Welcome = """
        id: welcome
        name: Welcome
        timezone: Asia/Shanghai
        trigger:
          event: signed_up
          delay: 2h
        audience:
          tags: { any: [target] }
        holdout: 0
        variants:
          - name: only
            weight: 100
            channels: [wechat, sms]
            messages:
              wechat: "Welcome, {{ customer.name }}"
              sms: "Welcome, {{ customer.name }}, reply T to stop"
        when_blocked: { quiet_hours: defer, expires_after: 1d }
        """;

    private static async Task<EngineHarness> EngineAsync()
    {
        var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"), Target("b"));
        engine.Campaigns.Put(EngineHarness.Campaign(Welcome));
        return engine;
    }

    private static async Task AppendAsync(EngineHarness engine, string id, string customerId, DateTimeOffset occurredAt)
    {
        var report = await engine.Store.AppendEventsAsync([new CustomerEvent { Id = id, CustomerId = customerId, Type = "signed_up", OccurredAt = occurredAt }]);
        Assert.Empty(report.Issues);
    }

    private static async Task<List<TouchRecord>> WelcomeTouchesAsync(EngineHarness engine, string customerId) =>
        (await engine.Ledger.ForCustomerAsync(customerId)).Where(t => t.CampaignId == "welcome").ToList();

    [Fact]
    public async Task The_first_scan_only_sets_the_cursor_so_history_fires_nothing()
    {
        await using var engine = await EngineAsync();
        await AppendAsync(engine, "history-1", "a", EngineHarness.Now.AddDays(-1));
        var scanner = engine.Get<EventTriggerScanner>();

        engine.Time.Advance(TimeSpan.FromSeconds(1));
        var first = await scanner.ScanAsync();
        engine.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await scanner.ScanAsync();

        Assert.Equal((0, 0), (first, second));
        Assert.NotNull(await engine.Get<IRunStore>().GetCursorAsync(EventTriggerScanner.CursorName));
        Assert.Empty(await WelcomeTouchesAsync(engine, "a"));
    }

    [Fact]
    public async Task Events_stored_in_the_same_instant_as_the_first_scan_are_history_too()
    {
        await using var engine = await EngineAsync();
        await AppendAsync(engine, "history-1", "a", EngineHarness.Now.AddDays(-1));
        var scanner = engine.Get<EventTriggerScanner>();

        await scanner.ScanAsync();
        engine.Time.Advance(TimeSpan.FromSeconds(1));
        var planned = await scanner.ScanAsync();

        Assert.Equal(0, planned);
        Assert.Empty(await WelcomeTouchesAsync(engine, "a"));
    }

    [Fact]
    public async Task An_event_after_the_first_scan_plans_a_touch_due_its_delay_later_which_is_sent_then()
    {
        await using var engine = await EngineAsync();
        var scanner = engine.Get<EventTriggerScanner>();
        await scanner.ScanAsync();
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        var occurredAt = engine.Time.GetUtcNow();
        await AppendAsync(engine, "signup-a", "a", occurredAt);

        var planned = await scanner.ScanAsync();

        Assert.Equal(1, planned);
        var touch = Assert.Single(await WelcomeTouchesAsync(engine, "a"));
        Assert.Equal((TouchStatus.Planned, occurredAt.AddHours(2), EventTriggerScanner.RunIdFor(occurredAt)), (touch.Status, touch.DueAt, touch.RunId));
        Assert.Equal("event-20261125", touch.RunId);
        Assert.Contains("signup-a", touch.Reason);
        Assert.Empty(await WelcomeTouchesAsync(engine, "b"));

        engine.Time.SetUtcNow(occurredAt.AddHours(2).AddSeconds(-1));
        Assert.Equal(0, await engine.DispatchDueAsync());
        engine.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await engine.DispatchDueAsync());

        Assert.Equal(TouchStatus.Sent, (await engine.Ledger.GetAsync(touch.TouchId))!.Status);
        var sent = Assert.Single(engine.Outbox());
        Assert.Equal(("a", "welcome", "Welcome, A", occurredAt.AddHours(2)), (sent.CustomerId, sent.CampaignId, sent.Body, sent.SentAt));
        var run = await engine.Get<IRunStore>().GetRunAsync("welcome", touch.RunId);
        Assert.Equal(("event", 1L), (run!.Trigger, run.Audience));
    }

    [Fact]
    public async Task The_same_event_scanned_twice_or_by_two_scanners_plans_one_touch()
    {
        await using var engine = await EngineAsync();
        var scanner = engine.Get<EventTriggerScanner>();
        await scanner.ScanAsync();
        var cursor = await engine.Get<IRunStore>().GetCursorAsync(EventTriggerScanner.CursorName);
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        var occurredAt = engine.Time.GetUtcNow();
        await AppendAsync(engine, "signup-a", "a", occurredAt);

        var first = await scanner.ScanAsync();
        // Another node that had read the old cursor scans the same events again.
        await engine.Get<IRunStore>().SetCursorAsync(EventTriggerScanner.CursorName, cursor!);
        var other = ActivatorUtilities.CreateInstance<EventTriggerScanner>(engine.Services);
        var again = await Task.WhenAll(other.ScanAsync(), scanner.ScanAsync());

        Assert.Equal(1, first);
        Assert.Equal([0, 0], again);
        Assert.Single(await WelcomeTouchesAsync(engine, "a"));
        engine.Time.Advance(TimeSpan.FromHours(2));
        await engine.DispatchDueAsync();
        Assert.Single(engine.OutboxLines());
        Assert.Equal(1L, (await engine.Get<IRunStore>().GetRunAsync("welcome", EventTriggerScanner.RunIdFor(occurredAt)))!.Audience);
    }

    [Fact]
    public async Task An_event_stored_by_a_node_whose_clock_is_a_few_seconds_behind_still_fires()
    {
        using var shared = new TempDatabase();
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = shared.Path };
        await using var engine = new EngineHarness(settings);
        await using var api = new EngineHarness(settings);
        await engine.AddCustomersAsync(Target("a"), Target("b"));
        engine.Campaigns.Put(EngineHarness.Campaign(Welcome));
        var scanner = engine.Get<EventTriggerScanner>();
        await scanner.ScanAsync();

        // The engine node's clock is at +10 s; the API node's runs 5 s behind it.
        engine.Time.Advance(TimeSpan.FromSeconds(10));
        api.Time.Advance(TimeSpan.FromSeconds(5));
        await AppendAsync(engine, "signup-a", "a", engine.Time.GetUtcNow());
        Assert.Equal(1, await scanner.ScanAsync());
        await AppendAsync(api, "signup-b", "b", api.Time.GetUtcNow());
        engine.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await scanner.ScanAsync());
        Assert.Single(await WelcomeTouchesAsync(engine, "b"));
    }

    /// <summary>A database file two harnesses (two nodes) share.</summary>
    private sealed class TempDatabase : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("outreach-shared-").FullName;

        public string Path => System.IO.Path.Combine(_folder, "outreach.db");

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task An_event_older_than_its_delay_and_expiry_is_dropped_as_expired()
    {
        await using var engine = await EngineAsync();
        var scanner = engine.Get<EventTriggerScanner>();
        await scanner.ScanAsync();
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        // Arrives late: it happened three days ago; the touch was due 2 hours after and worth sending for a day.
        await AppendAsync(engine, "signup-late", "a", engine.Time.GetUtcNow().AddDays(-3));

        Assert.Equal(1, await scanner.ScanAsync());
        Assert.Equal(1, await engine.DispatchDueAsync());

        var touch = Assert.Single(await WelcomeTouchesAsync(engine, "a"));
        Assert.Equal(TouchStatus.Dropped, touch.Status);
        Assert.Contains("expired", touch.Reason);
        Assert.Empty(engine.OutboxLines());
    }
}
