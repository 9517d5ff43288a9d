namespace Outreach.EndToEnd.Tests;

/// <summary>
/// The embedded default keeps the caps in the one process that owns the folder's limiter journal: a second process
/// beside it (an <c>outreach run</c> while <c>outreach start</c> or the server runs) would count only its own touches,
/// so it is refused with what to do instead of breaking caps quietly.
/// </summary>
public class EmbeddedLimiterTests
{
    [Fact]
    public async Task A_run_beside_a_running_engine_is_refused_and_runs_once_the_engine_stops()
    {
        using var workspace = new Workspace();
        var (simulated, simulation) = await workspace.OutreachAsync("simulate", "--customers", "300", "--seed", "7");
        Assert.True(simulated == 0, simulation);

        using (var engine = workspace.StartOutreach(null, "start"))
        {
            await WaitUntilItHoldsTheJournalAsync(workspace, engine);

            var (refused, output) = await workspace.OutreachAsync("run", "renewal-reminder", "--run-id", "beside");

            Assert.True(refused == 75, $"exit code {refused}:\n{output}");
            Assert.Contains("in use by another outreach process", output);
            Assert.Contains("Limits:Redis", output);
            Assert.DoesNotContain("Running renewal-reminder", output); // refused before it did or said anything else
            Assert.Empty(Outbox.Read(workspace.PathOf("data", "outbox.jsonl")));
        }

        var (ran, runOutput) = await workspace.OutreachAsync("run", "renewal-reminder", "--run-id", "after");
        Assert.True(ran == 0, runOutput);
    }

    [Fact]
    public async Task A_server_beside_a_running_engine_refuses_to_start_and_says_what_to_do()
    {
        using var workspace = new Workspace();
        using var engine = workspace.StartOutreach(null, "start");
        await WaitUntilItHoldsTheJournalAsync(workspace, engine);

        var (refused, output) = await Repository.RunServerAsync(workspace.Root);

        Assert.True(refused == 75, $"exit code {refused}:\n{output}");
        Assert.Contains("in use by another outreach process", output);
        Assert.Contains("Limits:Redis", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task Beside_a_running_server_an_engine_is_refused_before_it_starts_and_a_misconfigured_server_names_its_mistake_first()
    {
        using var workspace = new Workspace();
        var (server, http, _) = await Repository.StartServerAsync(workspace.Root);
        using var running = server;
        using var client = http;

        var (refused, output) = await workspace.OutreachAsync("start");

        Assert.True(refused == 75, $"exit code {refused}:\n{output}");
        Assert.Contains("in use by another outreach process", output);
        Assert.DoesNotContain("Engine running", output);
        Assert.DoesNotContain("Loaded", output);

        // A second server with a configuration mistake says that first, though the caps would stop the start too.
        var (misconfigured, problem) = await Repository.RunServerAsync(workspace.Root, new Dictionary<string, string> { ["Channels__RateLimits__sms__PerSecond"] = "0" });
        Assert.True(misconfigured == 78, $"exit code {misconfigured}:\n{problem}");
        Assert.Contains("Configuration problem: Channels:RateLimits:sms:PerSecond", problem);
    }

    private static async Task WaitUntilItHoldsTheJournalAsync(Workspace workspace, RunningProgram engine)
    {
        var lockFile = workspace.PathOf("data", "limiter.journal.lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // The engine creates the lock file as it takes it; probing the lock itself could race it.
        while (!File.Exists(lockFile) && !engine.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(50);
        await Task.Delay(500);
        Assert.False(engine.HasExited, "The engine stopped before it took the limiter journal.");
    }
}
