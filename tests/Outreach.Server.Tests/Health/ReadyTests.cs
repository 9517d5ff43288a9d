using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Outreach.Server.Tests.Health;

public sealed class ReadyTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(OutreachServer server)
    {
        using var client = server.CreateClient();
        var response = await client.GetAsync("/ready");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string Status(JsonElement body, string check) => body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!;

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Ready_reports_each_check_healthy_with_Redis_configured(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store, new Dictionary<string, string?>
        {
            ["Limits:Redis"] = TestRedis.Endpoint,
            ["Limits:KeyPrefix"] = $"test:server-ready:{Guid.NewGuid():N}",
        });

        var (status, body) = await ReadyAsync(server);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal(["campaigns", "database", "redis", "scheduler"], body.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
        Assert.All(["database", "redis", "scheduler", "campaigns"], check => Assert.Equal("healthy", Status(body, check)));
        Assert.Contains(store.ToString().ToLowerInvariant(), body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Without_Redis_configured_there_is_no_Redis_check()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);

        var (status, body) = await ReadyAsync(server);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("checks").TryGetProperty("redis", out _));
    }

    [Fact]
    public async Task Redis_on_a_closed_port_makes_ready_503_and_names_redis()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite, new Dictionary<string, string?>
        {
            ["Limits:Redis"] = $"127.0.0.1:{ClosedPort()},connectTimeout=500",
        });

        var (status, body) = await ReadyAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal(["redis"], body.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("unhealthy", Status(body, "redis"));
        Assert.Equal("healthy", Status(body, "database"));
    }

    [Fact]
    public async Task A_broken_campaign_file_is_degraded_and_still_ready()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        server.AddCampaign("broken.yaml", "id: broken\nname: [unclosed");

        var (status, body) = await ReadyAsync(server);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", Status(body, "campaigns"));
        Assert.Contains("broken.yaml", body.GetProperty("checks").GetProperty("campaigns").GetProperty("description").GetString());
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then let go.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
