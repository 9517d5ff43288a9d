using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Outreach.EndToEnd.Tests;

/// <summary>`outreach plan`, run as a process the way CI on a campaigns repository would run it.</summary>
public class PlanCommandTests
{
    [Fact]
    public async Task Plan_forecasts_every_shipped_campaign_and_sends_or_writes_nothing()
    {
        using var workspace = new Workspace();
        Assert.Equal(0, (await workspace.OutreachAsync("simulate", "--customers", "600", "--seed", "5")).ExitCode);

        var (exitCode, output) = await workspace.OutreachAsync("plan", "--days", "8");

        Assert.True(exitCode == 0, output);
        foreach (var id in new[] { "renewal-reminder", "inactivity-30d-coupon", "win-back" }) Assert.Contains(id, output);
        Assert.Contains("on event (eligible now)", output);
        Assert.Contains("Totals", output);
        Assert.Contains("cost CNY", output);
        Assert.Matches(@"Expected: [\d,]+ touch\(es\) costing [\d.]+ CNY", output);
        Assert.False(File.Exists(workspace.PathOf("data", "outbox.jsonl")), "plan wrote to the outbox");
        Assert.False(File.Exists(workspace.PathOf("data", "limiter.journal")), "plan wrote the limiter journal");
        Assert.Equal(0, await CountLedgerRowsAsync(workspace));
    }

    [Fact]
    public async Task Plan_as_json_gives_ci_the_forecast_with_totals_that_add_up()
    {
        using var workspace = new Workspace();
        Assert.Equal(0, (await workspace.OutreachAsync("simulate", "--customers", "600", "--seed", "5")).ExitCode);

        var (exitCode, output) = await workspace.OutreachAsync("plan", "--days", "2", "--json");

        Assert.True(exitCode == 0, output);
        var plan = JsonDocument.Parse(output).RootElement;
        Assert.Equal(TimeSpan.FromDays(2), plan.GetProperty("until").GetDateTimeOffset() - plan.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(["renewal-reminder", "inactivity-30d-coupon", "win-back"],
            plan.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("campaign_id").GetString()));
        var passes = plan.GetProperty("occurrences").EnumerateArray().ToList();
        // The daily coupon fires twice in two days; the weekly win-back may or may not; the event campaign makes one pass.
        Assert.Equal(2, passes.Count(p => p.GetProperty("campaign_id").GetString() == "inactivity-30d-coupon"));
        Assert.Single(passes, p => p.GetProperty("kind").GetString() == "on_event");
        var totals = plan.GetProperty("totals");
        Assert.True(totals.GetProperty("audience").GetInt64() > 0);
        Assert.Equal(passes.Sum(p => p.GetProperty("counts").GetProperty("audience").GetInt64()), totals.GetProperty("audience").GetInt64());
        Assert.Equal(passes.Sum(p => p.GetProperty("counts").GetProperty("total_touches").GetInt64()), totals.GetProperty("total_touches").GetInt64());
    }

    [Fact]
    public async Task A_broken_campaign_file_fails_the_plan_with_file_line_and_column()
    {
        using var workspace = new Workspace();
        var lines = File.ReadAllText(Repository.Path("campaigns", "inactivity-30d-coupon.yaml")).Split('\n').ToList();
        var priority = lines.FindIndex(l => l.StartsWith("priority:"));
        lines[priority] = "priority: high";
        workspace.Write("campaigns/inactivity-30d-coupon.yaml", string.Join('\n', lines));

        var (exitCode, output) = await workspace.OutreachAsync("plan");

        Assert.Equal(1, exitCode);
        Assert.Contains($"inactivity-30d-coupon.yaml:{priority + 1}:11: ", output);
        Assert.Contains("no plan until they are fixed", output);
        Assert.DoesNotContain("Totals", output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("367")]
    public async Task Days_outside_one_to_366_are_refused_with_a_clear_message(string days)
    {
        using var workspace = new Workspace();

        var (exitCode, output) = await workspace.OutreachAsync("plan", "--days", days);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--days must be between 1 and 366, not {days}.", output);
    }

    private static async Task<long> CountLedgerRowsAsync(Workspace workspace)
    {
        await using var connection = new SqliteConnection($"Data Source={workspace.PathOf("data", "outreach.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM touches";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
