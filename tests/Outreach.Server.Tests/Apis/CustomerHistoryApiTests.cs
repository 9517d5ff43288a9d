using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Apis;

public sealed class CustomerHistoryApiTests
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task After_a_touch_the_history_shows_it_and_the_caps_count_it_with_the_next_eligible_time(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store, new Dictionary<string, string?>
        {
            ["Limits:Rules:0:Max"] = "1",
            ["Limits:Rules:0:Per"] = "7d",
        });
        server.AddCampaign("welcome.yaml", TriggerApiTests.Welcome);
        using var admin = server.CreateClient(Scopes.Admin);
        await admin.PutAsJsonAsync("/customers/vip-1", new { phone = "+8613800138000", tags = new[] { "vip" }, consent = new { sms = "opted_in" } });
        var sentAt = server.Clock.GetUtcNow();
        await admin.PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" });

        var touches = await admin.GetFromJsonAsync<JsonElement>("/customers/vip-1/touches");
        var caps = await admin.GetFromJsonAsync<JsonElement>("/customers/vip-1/caps");

        var touch = Assert.Single(touches.EnumerateArray());
        Assert.Equal("welcome", touch.GetProperty("campaignId").GetString());
        Assert.Equal("sent", touch.GetProperty("status").GetString());
        Assert.Equal("sms", touch.GetProperty("channel").GetString());
        // A phone reaches SMS and calls; the all-channel cap the SMS filled holds for both.
        var channels = caps.GetProperty("channels").EnumerateArray().ToArray();
        Assert.Equal(["sms", "call"], channels.Select(c => c.GetProperty("channel").GetString()));
        Assert.All(channels, c => Assert.Equal("denied", c.GetProperty("decision").GetString()));
        var sms = channels[0];
        Assert.Equal("denied", sms.GetProperty("decision").GetString());
        Assert.Equal(sentAt.AddDays(7), sms.GetProperty("nextEligibleAt").GetDateTimeOffset());
        var cap = Assert.Single(sms.GetProperty("caps").EnumerateArray());
        Assert.Equal(1, cap.GetProperty("count").GetInt32());
        Assert.Equal(1, cap.GetProperty("limit").GetInt32());
        Assert.True(cap.GetProperty("full").GetBoolean());
    }

    [Fact]
    public async Task History_of_an_unknown_customer_is_404_and_needs_the_admin_scope()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var admin = server.CreateClient(Scopes.Admin);
        using var ingest = server.CreateClient(Scopes.Ingest);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/customers/ghost/touches")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/customers/ghost/caps")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/customers/ghost/caps")).StatusCode);
    }
}
