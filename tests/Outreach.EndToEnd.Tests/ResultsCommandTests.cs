using System.Text.Json;

namespace Outreach.EndToEnd.Tests;

/// <summary><c>outreach results</c> run as a process after a demo: the table, the same as JSON, and an unknown campaign.</summary>
public class ResultsCommandTests
{
    [Fact]
    public async Task Results_after_a_demo_show_each_variant_and_the_holdout_as_a_table_and_as_json()
    {
        using var workspace = new Workspace();
        Assert.Equal(0, (await workspace.OutreachAsync("demo", "--customers", "1000", "--seed", "7")).ExitCode);

        var (exitCode, table) = await workspace.OutreachAsync("results", "renewal-reminder");
        var (jsonExit, json) = await workspace.OutreachAsync("results", "renewal-reminder", "--json");

        Assert.True(exitCode == 0, table);
        foreach (var text in new[] { "plain-notice", "free-trial", "holdout", "No winner: not enough customers yet" }) Assert.Contains(text, table);
        Assert.True(jsonExit == 0, json);
        var results = JsonDocument.Parse(json).RootElement;
        var arms = results.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["plain-notice", "free-trial", "holdout"], arms.Select(a => a.GetProperty("name").GetString()));
        // The demo touched each assigned customer once at most, and nobody has renewed yet.
        Assert.All(arms, a => Assert.InRange(a.GetProperty("touched").GetInt64(), 0, a.GetProperty("assigned").GetInt64()));
        Assert.True(arms[0].GetProperty("assigned").GetInt64() > 0, json);
        Assert.Equal(0, arms.Sum(a => a.GetProperty("converted").GetInt64()));
        Assert.Equal(arms.Sum(a => a.GetProperty("touches").GetInt64()), results.GetProperty("touches").GetInt64());
    }

    [Fact]
    public async Task An_unknown_campaign_fails_naming_the_campaigns_there()
    {
        using var workspace = new Workspace();

        var (exitCode, output) = await workspace.OutreachAsync("results", "no-such-campaign");

        Assert.Equal(1, exitCode);
        Assert.Contains("No valid campaign 'no-such-campaign'", output);
        Assert.Contains("renewal-reminder", output);
    }
}
