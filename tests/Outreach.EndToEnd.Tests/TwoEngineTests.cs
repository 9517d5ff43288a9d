using Outreach.Testing;
using Xunit.Abstractions;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// Two engine processes sharing PostgreSQL and Redis run the same campaigns at the same time: they split the work,
/// nobody is touched twice and no frequency cap is broken, though each engine only knows what it sent itself.
/// </summary>
public class TwoEngineTests(PostgresDatabase database, ITestOutputHelper log) : IClassFixture<PostgresDatabase>
{
    private const string RunId = "shared";
    private static readonly string[] Engines = ["a", "b"];

    // The large daily coupon, and the renewal reminder competing with it for the expired members among its customers.
    private static readonly string[] Campaigns = ["inactivity-30d-coupon", "renewal-reminder"];

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    [Fact]
    public async Task Two_engines_on_one_database_and_redis_split_the_run_with_no_duplicate_and_no_cap_broken()
    {
        using var workspace = await SharedStackAsync(customers: 8000);

        // Each engine runs each campaign as its own process, all four at once; each process writes its own outbox file.
        var processes = (from engine in Engines
                         from campaign in Campaigns
                         let outbox = workspace.PathOf("outbox", $"{engine}-{campaign}.jsonl")
                         select (Engine: engine, Campaign: campaign, Outbox: outbox, Program: workspace.StartOutreach(
                             new Dictionary<string, string> { ["Channels__Outbox__Path"] = outbox }, "run", campaign, "--run-id", RunId)))
                        .ToList();
        try
        {
            foreach (var (engine, campaign, _, program) in processes)
            {
                var (exitCode, output) = await program.WaitAsync();
                Assert.True(exitCode == 0, $"engine {engine}, {program.CommandLine}:\n{output}");
                Mark($"engine {engine} finished its run of {campaign}");
            }
        }
        finally
        {
            foreach (var process in processes) process.Program.Dispose();
        }

        var sent = processes.SelectMany(p => Outbox.Read(p.Outbox).Select(line => (p.Engine, Line: line))).ToList();
        var lines = sent.Select(s => s.Line).ToList();
        foreach (var group in sent.GroupBy(s => (s.Engine, s.Line.CampaignId)).OrderBy(g => g.Key))
            Mark($"engine {group.Key.Engine} sent {group.Count()} touch(es) of {group.Key.CampaignId}");
        Assert.All(Engines, engine => Assert.Contains(sent, s => s.Engine == engine && s.Line.CampaignId == Campaigns[0]));
        Assert.Equal(lines.Count, lines.Select(t => t.TouchId).Distinct().Count());
        Assert.Equal(lines.Count, lines.Select(t => (t.CampaignId, t.Step, t.CustomerId)).Distinct().Count());

        // Each run's ledger counts exactly the touches that are in the outbox files, and nothing of it is left queued.
        var statuses = await Task.WhenAll(Campaigns.Select(campaign => workspace.OutreachAsync("runs", "status", campaign, RunId)));
        long heldBackByCaps = 0;
        foreach (var (campaign, (exitCode, output)) in Campaigns.Zip(statuses))
        {
            Assert.True(exitCode == 0, output);
            var counters = CountersTable.Parse(output);
            Assert.True(counters.Count("sent") > 0, output);
            Assert.Equal(counters.Count("sent"), lines.Count(t => t.CampaignId == campaign));
            Assert.Equal(0, counters.Count("queued"));
            // Capped: deferred to when the cap allows; dropped: the cap allows it only after the touch expires.
            heldBackByCaps += counters.Count("capped") + counters.Count("dropped");
        }
        Assert.True(heldBackByCaps > 0, "The two campaigns never competed for a customer, so the caps were not put to the test.");

        // The caps of config/limits.json that these touches fall under, checked on what was actually sent.
        AssertCap(lines, "1 touch per customer per day", t => t.CustomerId, 1, TimeSpan.FromDays(1));
        AssertCap(lines, "3 touches per customer per 7 days", t => t.CustomerId, 3, TimeSpan.FromDays(7));
        AssertCap(lines.Where(t => t.Channel == "sms"), "4 SMS per number per 30 days", t => t.Address, 4, TimeSpan.FromDays(30));
        AssertCap(lines.Where(t => t.Channel == "call"), "1 call per number per 30 days", t => t.Address, 1, TimeSpan.FromDays(30));
        AssertCap(lines.Where(t => t.CampaignId == Campaigns[0]), "2 coupons per customer per 30 days", t => t.CustomerId, 2, TimeSpan.FromDays(30));
        // The send rate the four processes share through Redis (200/s per channel, a burst of one second's worth): in any
        // second no channel sends more than the burst and that second's rate, whichever engine sent. A line's sent_at is
        // stamped after its token was granted, so stamps bunch when a loaded machine holds a process back: a whole second
        // of slack (408 at most was seen here). Without the shared bucket a channel's thousand touches go in a fraction
        // of a second, far beyond it.
        AssertCap(lines, "200 messages a second per channel, shared", t => t.Channel, 200 + 2 * 200, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Two_runs_at_once_on_one_machine_write_every_touch_they_send_to_the_outbox_file_they_share()
    {
        // `outreach start` and an `outreach run` in the same folder, say: both append to data/outbox.jsonl.
        using var workspace = await SharedStackAsync(customers: 4000);
        string[] campaigns = ["inactivity-30d-coupon", "win-back"];
        var programs = campaigns.Select(campaign => workspace.StartOutreach(null, "run", campaign, "--run-id", RunId)).ToList();
        try
        {
            foreach (var program in programs)
            {
                var (exitCode, output) = await program.WaitAsync();
                Assert.True(exitCode == 0, $"{program.CommandLine}:\n{output}");
            }
        }
        finally
        {
            foreach (var program in programs) program.Dispose();
        }

        var outbox = workspace.PathOf("data", "outbox.jsonl");
        var lines = Outbox.Read(outbox);
        var statuses = await Task.WhenAll(campaigns.Select(campaign => workspace.OutreachAsync("runs", "status", campaign, RunId)));
        Assert.All(statuses, status => Assert.True(status.ExitCode == 0, status.Output));
        var ledger = campaigns.Zip(statuses, (campaign, status) => (campaign, Sent: CountersTable.Parse(status.Output).Count("sent"))).ToList();
        var inOutbox = campaigns.Select(campaign => (campaign, Sent: (long)lines.Count(t => t.CampaignId == campaign))).ToList();
        // Nobody was killed, so no line may be torn: every line is one whole touch, and every touch sent has its line.
        var torn = Outbox.CountCompleteLines(outbox) - lines.Count;
        Assert.True(torn == 0 && ledger.SequenceEqual(inOutbox),
            $"The ledger counts {string.Join(", ", ledger)} sent; the outbox holds {string.Join(", ", inOutbox)} and {torn} torn line(s).");
        Assert.Equal(lines.Count, lines.Select(t => t.TouchId).Distinct().Count());
    }

    /// <summary>
    /// A workspace whose commands share this test's own PostgreSQL schema and Redis keys, with quiet hours out of the
    /// way and send rates of 200 a second per channel, loaded with <paramref name="customers"/> simulated customers.
    /// </summary>
    private async Task<Workspace> SharedStackAsync(int customers)
    {
        var workspace = new Workspace();
        workspace.Environment["Storage__Provider"] = "postgres";
        workspace.Environment["Storage__PostgresConnectionString"] = await database.NewSchemaAsync();
        workspace.Environment["Limits__Redis"] = Environment.GetEnvironmentVariable("OUTREACH_TEST_REDIS") is { Length: > 0 } redis ? redis : "127.0.0.1:6390";
        workspace.Environment["Limits__KeyPrefix"] = $"outreach-e2e:{Guid.NewGuid():N}";
        workspace.Environment["Limits__QuietHours__Enabled"] = "false";
        // A provider's send rate, shared by the engines through Redis: a run of a few thousand takes some seconds, so an
        // engine that starts a little later (a loaded machine starts four processes unevenly) still finds work left,
        // and smaller batches than the default 500 give both engines a share of it.
        foreach (var channel in new[] { "sms", "call", "email", "wechat" })
            workspace.Environment[$"Channels__RateLimits__{channel}__PerSecond"] = "200";
        workspace.Environment["Engine__Dispatch__BatchSize"] = "100";
        var (exitCode, output) = await workspace.OutreachAsync("simulate", "--customers", customers.ToString(), "--seed", "11");
        if (exitCode != 0) workspace.Dispose();
        Assert.True(exitCode == 0, output);
        Mark("simulated");
        return workspace;
    }

    /// <summary>No <paramref name="max"/> + 1 touches of one key fall within one <paramref name="window"/>.</summary>
    private static void AssertCap(IEnumerable<OutboxLine> lines, string rule, Func<OutboxLine, string> key, int max, TimeSpan window)
    {
        var over = lines.GroupBy(key)
            .Where(group =>
            {
                var times = group.Select(t => t.SentAt).Order().ToList();
                return times.Where((at, i) => i + max < times.Count && times[i + max] - at < window).Any();
            })
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(t => $"{t.CampaignId} {t.Channel} {t.SentAt:O}"))}")
            .ToList();
        Assert.True(over.Count == 0, $"Cap '{rule}' broken for {over.Count}: {string.Join("; ", over.Take(5))}");
    }

    /// <summary>Timings in the test's output: where the time of a slow run went.</summary>
    private void Mark(string what) => log.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");
}
