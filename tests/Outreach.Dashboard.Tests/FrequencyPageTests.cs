using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Outreach.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class FrequencyPageTests(SeededDashboard dashboard)
{
    [Fact]
    public async Task Denials_per_rule_rules_quiet_hours_and_lists_are_the_apis()
    {
        var page = await dashboard.OpenAsync("#/frequency");
        await Expect(page.GetByTestId("denials")).ToBeVisibleAsync();
        var denials = await dashboard.Server.GetAsync("insights/cap-denials?days=30");
        var limits = await dashboard.Server.GetAsync("insights/limits");

        Assert.True(denials.GetProperty("total").GetInt64() > 0, "the coupon run the same day as the A/B run is capped");
        await Expect(page.GetByTestId("denials-total")).ToHaveTextAsync(Api.Int(denials.GetProperty("total")));
        foreach (var rule in denials.GetProperty("series").EnumerateObject())
            await Expect(page.Locator($"tr[data-rule='{rule.Name}']").GetByTestId("rule-total"))
                .ToHaveTextAsync(Api.Int(rule.Value.Items().Sum(d => d.GetInt64())));
        await Expect(page.GetByTestId("rules").Locator("li")).ToHaveTextAsync(limits.GetProperty("rules").Items().Select(r => r.GetString()!).ToArray());
        await Expect(page.GetByTestId("quiet-default")).ToContainTextAsync(limits.GetProperty("quietHours").GetProperty("start").GetString()!);
        var staff = page.Locator($"tr[data-list='{SeededDashboard.StaffList}']");
        await Expect(staff.GetByTestId("member-count")).ToHaveTextAsync("1");
        await Expect(staff).ToContainTextAsync(SeededDashboard.StaffMember);
        var suppressions = await dashboard.Server.GetAsync("lists/suppressions?limit=200");
        var entries = suppressions.GetProperty("entries").Items().ToList();
        Assert.Contains(entries, e => e.GetProperty("subject").GetString() == dashboard.SuppressedCustomer);
        await Expect(page.GetByTestId("suppressions").Locator("tbody tr")).ToHaveCountAsync(entries.Count);
        foreach (var entry in entries)
            await Expect(page.GetByTestId("suppressions").Locator($"tr[data-subject='{entry.GetProperty("subject").GetString()}']"))
                .ToContainTextAsync(entry.GetProperty("reason").GetString()!);
        await SeededDashboard.ScreenshotAsync(page, "frequency");
    }

    [Fact]
    public async Task Checking_a_customer_shows_the_channel_they_opted_out_of_as_suppressed()
    {
        var page = await dashboard.OpenAsync("#/frequency");
        await page.GetByTestId("suppression-id").FillAsync(dashboard.SuppressedCustomer);
        await page.GetByTestId("suppression-id").PressAsync("Enter");
        var caps = await dashboard.Server.GetAsync($"customers/{dashboard.SuppressedCustomer}/caps");

        var sms = caps.GetProperty("channels").Items().Single(c => c.GetProperty("channel").GetString() == "sms");
        Assert.Equal("suppressed", sms.GetProperty("decision").GetString());
        var row = page.GetByTestId("suppression").Locator("tr[data-channel='sms']");
        await Expect(row.GetByTestId("suppression-decision")).ToHaveTextAsync("suppressed");
        await Expect(row).ToContainTextAsync(sms.GetProperty("reason").GetString()!);
        await SeededDashboard.ScreenshotAsync(page, "frequency-suppression");
    }
}
