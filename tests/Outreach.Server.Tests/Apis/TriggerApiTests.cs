using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Apis;

public sealed class TriggerApiTests
{
    internal const string Welcome = """
        id: welcome
        name: Welcome
        category: marketing
        schedule: "0 0 10 * * ?"
        audience:
          tags: { any: [vip] }
        holdout: 0
        variants:
          - name: only
            weight: 100
            channels: [sms]
            messages:
              sms: "Hello {{ customer.name }}"
        """;

    private static async Task<OutreachServer> StartWithWelcomeAsync(Store store)
    {
        var server = await OutreachServer.StartAsync(store, new Dictionary<string, string?>
        {
            ["Limits:Rules:0:Max"] = "1",
            ["Limits:Rules:0:Per"] = "7d",
        });
        server.AddCampaign("welcome.yaml", Welcome);
        using var ingest = server.CreateClient(Scopes.Ingest);
        foreach (var (id, tags, consent) in new[] { ("vip-1", "vip", "opted_in"), ("vip-2", "vip", "opted_out"), ("plain", "regular", "opted_in") })
            (await ingest.PutAsJsonAsync($"/customers/{id}", new { name = id, phone = "+8613800138000", tags = new[] { tags }, consent = new { sms = consent } }))
                .EnsureSuccessStatusCode();
        return server;
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_triggered_customer_is_sent_to_once_and_the_next_days_touch_is_stopped_by_the_cap(Store store)
    {
        await using var server = await StartWithWelcomeAsync(store);
        using var client = server.CreateClient(Scopes.Trigger);

        var first = await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" });
        var again = await (await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" })).Content.ReadFromJsonAsync<JsonElement>();
        server.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await (await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var sent = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sent", sent.GetProperty("outcome").GetString());
        Assert.Equal("sms", sent.GetProperty("channel").GetString());
        Assert.False(sent.GetProperty("repeat").GetBoolean());
        Assert.Equal("sent", again.GetProperty("outcome").GetString());
        Assert.True(again.GetProperty("repeat").GetBoolean());
        // The cap frees a slot in six days, after the touch's default expiry: the campaign's touch is dropped, not sent.
        Assert.Equal("dropped", nextDay.GetProperty("outcome").GetString());
        Assert.Contains("7d", nextDay.GetProperty("reason").GetString());
        Assert.Single(File.ReadAllLines(server.OutboxPath));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Consent_and_audience_apply_to_a_triggered_touch(Store store)
    {
        await using var server = await StartWithWelcomeAsync(store);
        using var client = server.CreateClient(Scopes.Trigger);

        var optedOut = await (await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-2" })).Content.ReadFromJsonAsync<JsonElement>();
        var outside = await (await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "plain" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("unreachable", optedOut.GetProperty("outcome").GetString());
        Assert.Contains("consent", optedOut.GetProperty("reason").GetString());
        Assert.Equal("not_in_audience", outside.GetProperty("outcome").GetString());
        Assert.False(File.Exists(server.OutboxPath) && File.ReadAllLines(server.OutboxPath).Length > 0);
    }

    [Fact]
    public async Task Unknown_campaign_or_customer_is_404_and_a_missing_customer_id_is_400()
    {
        await using var server = await StartWithWelcomeAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Trigger);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/campaigns/nope/trigger", new { customerId = "vip-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "ghost" })).StatusCode);
        var missing = await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("customerId", out _));
    }

    [Fact]
    public async Task An_ingest_key_cannot_trigger()
    {
        await using var server = await StartWithWelcomeAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
