using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// The engine killed with SIGKILL in the middle of a run, then started again: the run completes, nobody is touched twice
/// and nobody is left out. The proof is the outbox file, checked against the same run made without a crash.
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper log)
{
    private const string Campaign = "inactivity-30d-coupon";
    private const string RunId = "r1";

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    [Fact]
    public async Task Killed_mid_run_and_started_again_the_run_completes_with_nobody_touched_twice_or_skipped()
    {
        using var reference = NewWorkspace();
        using var crashed = NewWorkspace();
        var (simulated, simulation) = await reference.OutreachAsync("simulate", "--customers", "4000", "--seed", "11");
        Assert.True(simulated == 0, simulation);
        reference.CopyTo(crashed, "data"); // the very same customers in both
        Mark("simulated");

        // The reference run goes on meanwhile; the load it adds only makes the other run easier to catch mid-way.
        var referenceRun = reference.OutreachAsync("run", Campaign, "--run-id", RunId);

        using (var doomed = crashed.StartOutreach(null, "run", Campaign, "--run-id", RunId))
        {
            var outbox = crashed.PathOf("data", "outbox.jsonl");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Outbox.CountCompleteLines(outbox) == 0 && !doomed.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(5);
            Assert.False(doomed.HasExited, "The run ended before its first touch was in the outbox; it could not be killed mid-run.");
            doomed.KillHard();
            Mark($"killed with {Outbox.CountCompleteLines(outbox)} line(s) in the outbox");
            var (killedCode, killedOutput) = await doomed.WaitAsync();
            // Had it finished on its own just before the kill, it would have exited with 0.
            Assert.True(killedCode == RunningProgram.KilledExitCode, $"exit code {killedCode}, not killed mid-run:\n{killedOutput}");
        }
        var sentBeforeTheCrash = Outbox.Read(crashed.PathOf("data", "outbox.jsonl")).Count;

        // Touches the dead process held come back after their lease (3 s here); the restart finishes the run.
        var (restartCode, restartOutput) = await crashed.OutreachAsync("run", Campaign, "--run-id", RunId);
        Assert.True(restartCode == 0, restartOutput);
        Mark("restarted run finished");
        var (referenceCode, referenceOutput) = await referenceRun;
        Assert.True(referenceCode == 0, referenceOutput);
        Mark("reference run finished");

        var expected = Outbox.Read(reference.PathOf("data", "outbox.jsonl"));
        var sent = Outbox.Read(crashed.PathOf("data", "outbox.jsonl"));
        Assert.NotEmpty(expected);
        Assert.InRange(sentBeforeTheCrash, 1, sent.Count - 1);
        Assert.Equal(sent.Count, sent.Select(t => t.TouchId).Distinct().Count());
        Assert.Equal(sent.Count, sent.Select(t => (t.CampaignId, t.Step, t.CustomerId)).Distinct().Count());
        // Nobody skipped, nobody added: exactly who the uninterrupted run reached, over the same channels.
        Assert.Equal(
            expected.Select(t => (t.CustomerId, t.Channel)).Order().ToList(),
            sent.Select(t => (t.CustomerId, t.Channel)).Order().ToList());

        var (afterCrash, uninterrupted) = (StatusAsync(crashed), StatusAsync(reference));
        await Task.WhenAll(afterCrash, uninterrupted);
        Mark($"{await TakenOverAsync(crashed)} touch(es) were found in the outbox after the crash and not sent again");
        Assert.Equal(0, afterCrash.Result.Count("queued"));
        Assert.Equal(sent.Count, afterCrash.Result.Count("sent"));
        Assert.Equal(uninterrupted.Result.OrderBy(c => c.Key), afterCrash.Result.OrderBy(c => c.Key));
    }

    /// <summary>
    /// The shipped coupon campaign with an audience that does not move with the clock (customers who bought at least
    /// once), so the reference run and the crashed one, seconds apart, have the very same customers in it.
    /// </summary>
    private static Workspace NewWorkspace()
    {
        var workspace = new Workspace();
        var shipped = File.ReadAllText(Repository.Path("campaigns", $"{Campaign}.yaml"));
        var audience = shipped.IndexOf("\naudience:", StringComparison.Ordinal);
        var holdout = shipped.IndexOf("\nholdout:", StringComparison.Ordinal);
        Assert.True(audience > 0 && holdout > audience, "the shipped campaign's audience block was not found");
        workspace.Write($"campaigns/{Campaign}.yaml", shipped[..audience] + """

            audience:
              purchase_count: { min: 1 }
              exclude:
                tags: { any: [complained, do_not_disturb] }

            """ + shipped[holdout..]);

        workspace.Environment["Limits__QuietHours__Enabled"] = "false";
        foreach (var channel in new[] { "sms", "call", "email", "wechat" })
            workspace.Environment[$"Channels__RateLimits__{channel}__PerSecond"] = "1000000";
        workspace.Environment["Engine__Dispatch__Lease"] = "00:00:03";
        return workspace;
    }

    /// <summary>Touches the restart found already in the outbox (sent by the killed process, which died before recording them).</summary>
    private static async Task<long> TakenOverAsync(Workspace workspace)
    {
        await using var connection = new SqliteConnection($"Data Source={workspace.PathOf("data", "outreach.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM touches WHERE reason LIKE 'sent by an earlier attempt%'";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<IReadOnlyDictionary<string, long>> StatusAsync(Workspace workspace)
    {
        var (exitCode, output) = await workspace.OutreachAsync("runs", "status", Campaign, RunId);
        Assert.True(exitCode == 0, output);
        Assert.Contains("completed", output);
        return CountersTable.Parse(output);
    }

    /// <summary>Timings in the test's output: where the time of a slow run went.</summary>
    private void Mark(string what) => log.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");
}
