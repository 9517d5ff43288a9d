using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Outreach.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class CampaignsPageTests(SeededDashboard dashboard)
{
    [Fact]
    public async Task Every_campaign_shows_its_newest_runs_phase_and_the_touches_the_api_counts()
    {
        var page = await dashboard.OpenAsync("#/campaigns");
        await Expect(page.Locator("[data-testid=campaigns]")).ToBeVisibleAsync();
        var overview = await dashboard.Server.GetAsync("insights/campaigns?days=14");

        var campaigns = overview.GetProperty("campaigns").Items().ToList();
        Assert.Equal([SeededDashboard.AbCampaign, SeededDashboard.CouponCampaign], campaigns.Select(c => c.GetProperty("campaign").GetProperty("id").GetString()));
        await Expect(page.Locator("tr[data-campaign]")).ToHaveCountAsync(campaigns.Count);
        foreach (var campaign in campaigns)
        {
            var row = page.Locator($"tr[data-campaign='{campaign.GetProperty("campaign").GetProperty("id").GetString()}']");
            var touches = campaign.GetProperty("touchesPerDay").Items().Sum(d => d.GetInt64());
            await Expect(row.GetByTestId("touches-total")).ToHaveTextAsync(Api.Int(touches));
            await Expect(row.GetByTestId("phase")).ToHaveAttributeAsync("data-phase", campaign.GetProperty("lastRun").GetProperty("phase").GetString()!);
            await Expect(row.GetByTestId("campaign-link")).ToHaveTextAsync(campaign.GetProperty("campaign").GetProperty("name").GetString()!);
        }
        var abTouches = campaigns[0].GetProperty("touchesPerDay").Items().Sum(d => d.GetInt64());
        Assert.True(abTouches > 0, "the A/B campaign sent touches in the last 14 days");
        await SeededDashboard.ScreenshotAsync(page, "campaigns");
    }

    [Fact]
    public async Task Pause_and_resume_hold_and_release_the_campaigns_newest_run()
    {
        var page = await dashboard.OpenAsync("#/campaigns");
        var row = page.Locator($"tr[data-campaign='{SeededDashboard.CouponCampaign}']");
        var runPath = $"campaigns/{SeededDashboard.CouponCampaign}/runs/run-1";

        await row.GetByTestId("pause").ClickAsync();
        await Expect(row.GetByTestId("phase")).ToHaveAttributeAsync("data-phase", "paused");
        Assert.Equal("paused", (await dashboard.Server.GetAsync(runPath)).GetProperty("phase").GetString());
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("run-1");

        await row.GetByTestId("resume").ClickAsync();
        await Expect(row.GetByTestId("pause")).ToBeVisibleAsync();
        var phase = (await dashboard.Server.GetAsync(runPath)).GetProperty("phase").GetString();
        Assert.NotEqual("paused", phase);
        await Expect(row.GetByTestId("phase")).ToHaveAttributeAsync("data-phase", phase!);
    }
}
