using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Outreach.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class CustomerPageTests(SeededDashboard dashboard)
{
    [Fact]
    public async Task Looking_up_a_customer_shows_their_profile_touches_with_reasons_and_cap_counts()
    {
        var id = dashboard.TouchedCustomer;
        var page = await dashboard.OpenAsync("#/customers");
        await page.GetByTestId("customer-id").FillAsync(id);
        await page.GetByTestId("customer-id").PressAsync("Enter");
        await Expect(page.GetByTestId("timeline")).ToBeVisibleAsync();
        var profile = await dashboard.Server.GetAsync($"customers/{id}");
        var touches = (await dashboard.Server.GetAsync($"customers/{id}/touches")).Items().ToList();
        var caps = await dashboard.Server.GetAsync($"customers/{id}/caps");

        Assert.EndsWith($"#/customers/{id}", page.Url);
        await Expect(page.GetByTestId("pool")).ToHaveTextAsync(profile.GetProperty("pool").GetString()!);
        var rfm = profile.GetProperty("rfm");
        await Expect(page.GetByTestId("rfm")).ToHaveTextAsync($"{rfm.GetProperty("recency")}-{rfm.GetProperty("frequency")}-{rfm.GetProperty("monetary")}");
        Assert.NotEmpty(touches);
        await Expect(page.GetByTestId("touch-reason")).ToHaveTextAsync(
            touches.OrderByDescending(t => t.GetProperty("updatedAt").GetDateTimeOffset()).Select(t => t.GetProperty("reason").GetString() ?? "—").ToArray());
        foreach (var channel in caps.GetProperty("channels").Items())
        {
            var section = page.Locator($"[data-channel='{channel.GetProperty("channel").GetString()}']");
            await Expect(section.GetByTestId("cap-count")).ToHaveTextAsync(channel.GetProperty("caps").Items().Select(c => Api.Int(c.GetProperty("count"))).ToArray());
        }
        await SeededDashboard.ScreenshotAsync(page, "customer");
    }

    [Fact]
    public async Task An_unknown_customer_id_says_what_to_check()
    {
        var page = await dashboard.OpenAsync("#/customers/nobody-by-this-id");

        await Expect(page.Locator(".state.error").First).ToContainTextAsync("No customer has the id “nobody-by-this-id”");
    }
}
