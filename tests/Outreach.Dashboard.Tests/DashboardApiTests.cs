using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Outreach.Dashboard.Tests;

// The aggregates only the dashboard asks for (Apis/DashboardApi.cs), checked against the seeded ledger.
[Collection(DashboardCollection.Name)]
public sealed class DashboardApiTests(SeededDashboard dashboard)
{
    [Fact]
    public async Task Touches_per_day_add_up_to_the_sent_and_delivered_touches_of_the_campaign()
    {
        var touches = await dashboard.Server.GetAsync($"insights/touches?campaign={SeededDashboard.AbCampaign}&days=30");
        var detail = await dashboard.Server.GetAsync($"insights/campaigns/{SeededDashboard.AbCampaign}");

        var statuses = detail.GetProperty("touches");
        var sent = statuses.GetProperty("sent").GetInt64() + (statuses.TryGetProperty("delivered", out var d) ? d.GetInt64() : 0);
        Assert.Equal(sent, touches.GetProperty("total").GetInt64());
        Assert.Equal(30, touches.GetProperty("days").GetArrayLength());
        Assert.Equal(sent, touches.GetProperty("series").EnumerateObject().Sum(s => s.Value.EnumerateArray().Sum(v => v.GetInt64())));
    }

    [Fact]
    public async Task Cap_denials_name_the_rule_that_stopped_the_coupon_campaign()
    {
        var denials = await dashboard.Server.GetAsync("insights/cap-denials?days=7");

        Assert.Contains("1 per 1d", denials.GetProperty("series").EnumerateObject().Select(s => s.Name));
        Assert.True(denials.GetProperty("series").GetProperty("1 per 1d").EnumerateArray().Sum(v => v.GetInt64()) > 0);
    }

    [Theory]
    [InlineData("insights/touches?days=0")]
    [InlineData("insights/cap-denials?days=400")]
    [InlineData("insights/campaigns?days=-1")]
    public async Task A_day_count_out_of_range_is_a_problem_naming_days(string path)
    {
        using var client = dashboard.Server.AdminClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task The_aggregates_need_an_api_key()
    {
        using var client = new HttpClient { BaseAddress = dashboard.Server.Address };

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("insights/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("dashboard/")).StatusCode);
    }

    [Fact]
    public async Task The_next_run_is_the_schedules_next_fire_after_now()
    {
        var overview = await dashboard.Server.GetAsync("insights/campaigns");
        var now = dashboard.Server.Clock.GetUtcNow(); // Saturday 2026-11-28 02:00 UTC, 10:00 in Shanghai: the coupon's own fire time

        var next = overview.GetProperty("campaigns").Items().ToDictionary(
            c => c.GetProperty("campaign").GetProperty("id").GetString()!, c => c.GetProperty("nextRunAt").GetDateTimeOffset());
        Assert.Equal(DayOfWeek.Saturday, now.DayOfWeek);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero), next[SeededDashboard.CouponCampaign]);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), next[SeededDashboard.AbCampaign]);
    }

    [Fact]
    public async Task The_aggregates_are_in_the_openapi_document()
    {
        using var client = new HttpClient { BaseAddress = dashboard.Server.Address };

        var document = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/insights/touches", paths);
        Assert.Contains("/insights/cap-denials", paths);
    }
}
