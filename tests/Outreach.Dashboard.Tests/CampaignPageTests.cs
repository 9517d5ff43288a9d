using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Outreach.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class CampaignPageTests(SeededDashboard dashboard)
{
    private const string Route = "#/campaigns/" + SeededDashboard.AbCampaign;

    [Fact]
    public async Task The_ab_campaign_shows_the_results_touches_and_outcomes_the_api_gives()
    {
        var page = await dashboard.OpenAsync(Route);
        await Expect(page.GetByTestId("arms")).ToBeVisibleAsync();
        var results = await dashboard.Server.GetAsync($"campaigns/{SeededDashboard.AbCampaign}/results");
        var detail = await dashboard.Server.GetAsync($"insights/campaigns/{SeededDashboard.AbCampaign}");
        var touches = await dashboard.Server.GetAsync($"insights/touches?campaign={SeededDashboard.AbCampaign}&days=30");

        await Expect(page.GetByTestId("campaign-name")).ToHaveTextAsync(detail.GetProperty("campaign").GetProperty("name").GetString()!);
        await Expect(page.GetByTestId("touches-total")).ToHaveTextAsync(Api.Int(touches.GetProperty("total")));
        Assert.True(touches.GetProperty("total").GetInt64() > 0);
        var statuses = detail.GetProperty("touches");
        await Expect(page.GetByTestId("outcome-sent")).ToHaveTextAsync(Api.Int(Count(statuses, "sent")));
        await Expect(page.GetByTestId("outcome-held_out")).ToHaveTextAsync(Api.Int(Count(statuses, "held_out")));
        await Expect(page.GetByTestId("outcome-capped")).ToHaveTextAsync(Api.Int(Count(statuses, "capped")));

        // Every arm's counts, and the conversion chart's dots at the API's rates.
        var arms = results.GetProperty("arms").Items().ToList();
        Assert.Contains(arms, a => a.GetProperty("kind").GetString() == "holdout");
        foreach (var arm in arms)
        {
            var name = arm.GetProperty("name").GetString()!;
            var row = page.GetByTestId("arms").Locator($"tr[data-arm='{name}']");
            await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(Api.Int(arm.GetProperty("assigned")));
            await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(Api.Int(arm.GetProperty("converted")));
            var dot = page.Locator($"svg g[data-arm='{name}']");
            Assert.Equal(arm.GetProperty("conversionRate").GetDouble(), double.Parse((await dot.GetAttributeAsync("data-rate"))!), 9);
        }
        await Expect(page.Locator("svg g.reference")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("winner")).ToHaveTextAsync(results.GetProperty("winner").GetProperty("winner").GetString() ?? "No winner yet");
        await Expect(page.GetByTestId("stop-message")).ToHaveTextAsync(results.GetProperty("stopRule").GetProperty("message").GetString()!);
        await Expect(page.GetByTestId("yaml-valid")).ToBeVisibleAsync();

        // The audience preview: the split over variants and holdout, and a sample message per variant.
        var preview = await dashboard.Server.GetAsync($"insights/campaigns/{SeededDashboard.AbCampaign}/preview");
        await Expect(page.GetByTestId("preview-audience")).ToHaveTextAsync(Api.Int(preview.GetProperty("audience")));
        await Expect(page.GetByTestId("split").GetByTestId("split-customers"))
            .ToHaveTextAsync(preview.GetProperty("arms").Items().Select(a => Api.Int(a.GetProperty("customers"))).ToArray());
        Assert.Equal(preview.GetProperty("audience").GetInt64(), preview.GetProperty("arms").Items().Sum(a => a.GetProperty("customers").GetInt64()));
        await Expect(page.Locator("figure.sample")).ToHaveCountAsync(preview.GetProperty("samples").GetArrayLength());
        await Expect(page.Locator("figure.sample").First).ToContainTextAsync(preview.GetProperty("samples")[0].GetProperty("body").GetString()!);

        // The run history: both runs with the API's counters.
        var runs = await dashboard.Server.GetAsync($"campaigns/{SeededDashboard.AbCampaign}/runs");
        foreach (var run in runs.Items())
        {
            var row = page.GetByTestId("runs").Locator($"tr[data-run='{run.GetProperty("runId").GetString()}']");
            await Expect(row.Locator("[data-k=sent]")).ToHaveTextAsync(Api.Int(run.GetProperty("sent")));
            await Expect(row.Locator("[data-k=audience]")).ToHaveTextAsync(Api.Int(run.GetProperty("audience")));
        }
        await SeededDashboard.ScreenshotAsync(page, "campaign");
    }

    [Fact]
    public async Task A_run_started_while_the_page_is_open_appears_in_the_history_with_its_counters()
    {
        var page = await dashboard.OpenAsync(Route);
        await Expect(page.GetByTestId("runs")).ToBeVisibleAsync();
        using var client = dashboard.Server.AdminClient();

        var started = await client.PostAsync($"campaigns/{SeededDashboard.AbCampaign}/runs?runId=live-run", null);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());

        var row = page.GetByTestId("runs").Locator("tr[data-run='live-run']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        // Done deciding once nothing is queued; touches deferred by quiet hours wait for later, so the run stays "running".
        var run = await dashboard.Server.GetAsync($"campaigns/{SeededDashboard.AbCampaign}/runs/live-run");
        for (var i = 0; i < 100 && (run.GetProperty("queued").GetInt64() > 0 || run.GetProperty("audience").GetInt64() == 0); i++)
        {
            await Task.Delay(300);
            run = await dashboard.Server.GetAsync($"campaigns/{SeededDashboard.AbCampaign}/runs/live-run");
        }
        Assert.Equal(0, run.GetProperty("queued").GetInt64());
        await Expect(row.Locator("[data-k=audience]")).ToHaveTextAsync(Api.Int(run.GetProperty("audience")), new() { Timeout = 10_000 });
        await Expect(row.Locator("[data-k=sent]")).ToHaveTextAsync(Api.Int(run.GetProperty("sent")), new() { Timeout = 10_000 });
        await Expect(row.Locator("[data-k=capped]")).ToHaveTextAsync(Api.Int(run.GetProperty("capped")), new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task An_unknown_campaign_says_so_instead_of_drawing_empty_charts()
    {
        var page = await dashboard.OpenAsync("#/campaigns/no-such-campaign");

        await Expect(page.Locator(".state.error").First).ToContainTextAsync("No campaign has the id 'no-such-campaign'");
    }

    private static long Count(JsonElement statuses, string name) => statuses.TryGetProperty(name, out var count) ? count.GetInt64() : 0;
}
