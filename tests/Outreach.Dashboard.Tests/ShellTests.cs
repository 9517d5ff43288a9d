using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Outreach.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class ShellTests(SeededDashboard dashboard)
{
    [Fact]
    public async Task The_key_is_asked_once_refused_keys_say_so_and_the_tab_keeps_a_good_one()
    {
        var page = await dashboard.OpenAsync("", signedIn: false);
        await page.GetByTestId("api-key").FillAsync("not-a-key");
        await page.GetByTestId("api-key").PressAsync("Enter");
        await Expect(page.Locator(".state.error").First).ToContainTextAsync("did not accept this API key");

        await page.GetByRole(AriaRole.Button, new() { Name = "Forget key" }).ClickAsync();
        await page.GetByTestId("api-key").FillAsync(DashboardServer.AdminKey);
        await page.GetByTestId("api-key").PressAsync("Enter");
        await Expect(page.GetByTestId("campaigns")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Expect(page.GetByTestId("campaigns")).ToBeVisibleAsync();
        Assert.Equal(DashboardServer.AdminKey, await page.EvaluateAsync<string>("sessionStorage.getItem('outreach.apiKey')"));
    }

    [Fact]
    public async Task A_chinese_browser_gets_chinese_labels_and_the_toggle_switches_to_english()
    {
        var page = await dashboard.OpenAsync("#/campaigns", locale: "zh-CN");
        await Expect(page.Locator("#nav a").First).ToHaveTextAsync("营销活动");
        await Expect(page.Locator("h1")).ToHaveTextAsync("营销活动");
        await SeededDashboard.ScreenshotAsync(page, "campaigns-zh");

        await page.GetByTestId("lang-toggle").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Campaigns");
    }

    [Theory]
    [InlineData("#/campaigns", "campaigns")]
    [InlineData("#/campaigns/" + SeededDashboard.AbCampaign, "arms")]
    [InlineData("#/frequency", "denials")]
    public async Task Pages_fit_a_phone_without_sideways_scrolling(string route, string content)
    {
        var page = await dashboard.OpenAsync(route, width: 390, height: 844);
        await Expect(page.GetByTestId(content)).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{route} is {overflow}px wider than a 390px phone");
        await SeededDashboard.ScreenshotAsync(page, "phone-" + content);
    }

    [Fact]
    public async Task An_unreachable_server_says_what_to_do_and_retry_loads_the_page()
    {
        var page = await dashboard.OpenAsync("", signedIn: true);
        await page.Context.RouteAsync("**/insights/campaigns*", route => route.AbortAsync());
        await page.GotoAsync("dashboard/#/campaigns");
        await Expect(page.Locator(".state.error")).ToContainTextAsync("Cannot reach the Outreach server");

        await page.Context.UnrouteAsync("**/insights/campaigns*");
        await page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(page.GetByTestId("campaigns")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Without_campaigns_the_page_says_how_to_add_one()
    {
        await using var server = DashboardServer.Start();
        var context = await dashboard.Browser.NewContextAsync(new() { BaseURL = server.Address.ToString(), Locale = "en-US" });
        await context.AddInitScriptAsync($"sessionStorage.setItem('outreach.apiKey', '{DashboardServer.AdminKey}')");
        var page = await context.NewPageAsync();
        await page.GotoAsync("dashboard/#/campaigns");

        await Expect(page.Locator(".state.empty")).ToContainTextAsync("Add a YAML file to the campaigns/ folder");
        await context.CloseAsync();
    }
}
