using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Engine;
using Outreach.Engine.Runs;
using Outreach.Storage.Ledger;
using Outreach.Server.Security;
using Outreach.Server.Tests.Apis;

namespace Outreach.Server.Tests.Metrics;

public sealed class MetricsTests
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Metrics_show_touches_cap_denials_provider_latency_queue_depth_and_requests_after_some_activity(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store, new Dictionary<string, string?>
        {
            ["Limits:Rules:0:Max"] = "1",
            ["Limits:Rules:0:Per"] = "7d",
        });
        server.AddCampaign("welcome.yaml", TriggerApiTests.Welcome);
        using (var ingest = server.CreateClient(Scopes.Ingest))
            (await ingest.PutAsJsonAsync("/customers/vip-1", new { name = "Li", phone = "+8613800138000", tags = new[] { "vip" }, consent = new { sms = "opted_in" } }))
                .EnsureSuccessStatusCode();
        using var trigger = server.CreateClient(Scopes.Trigger);

        // Sent today; tomorrow the weekly cap stops the same customer.
        (await trigger.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" })).EnsureSuccessStatusCode();
        server.Clock.Advance(TimeSpan.FromDays(1));
        (await trigger.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" })).EnsureSuccessStatusCode();

        // Two touches due now wait in the queue; one due tomorrow does not count yet.
        server.Services.GetRequiredService<ICampaignSource>().TryGet("welcome", out var welcome);
        var now = server.Clock.GetUtcNow();
        await server.Services.GetRequiredService<ITouchLedger>().PlanAsync(
            [RunPlanner.FirstTouch(welcome!, "q1", "vip-1", now), RunPlanner.FirstTouch(welcome!, "q2", "vip-1", now.AddMinutes(-5)), RunPlanner.FirstTouch(welcome!, "q3", "vip-1", now.AddDays(1))]);

        var text = await server.CreateClient().GetStringAsync("/metrics");

        Assert.Equal(1, Value(text, """outreach_touches_total{channel="sms",outcome="sent"}"""));
        Assert.Equal(1, Value(text, """outreach_cap_denials_total{rule="1 per 7d"}"""));
        Assert.Equal(1, Value(text, """outreach_provider_send_seconds_count{channel="sms",result="sent"}"""));
        Assert.Equal(2, Value(text, "outreach_touch_queue_due"));
        Assert.Equal(2, Value(text, """http_requests_received_total{code="200",method="POST",controller="",action="",endpoint="/campaigns/{id}/trigger"}"""));
        Assert.DoesNotContain("8613800138000", text);
    }

    /// <summary>The value of one series in Prometheus' text format; fails when the series is missing.</summary>
    private static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"/metrics has no series {series}:\n{text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
