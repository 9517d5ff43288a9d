using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Engine.Triggers;
using Outreach.Server.Hosting;
using Outreach.Server.Security;
using Outreach.Storage.Runs;

namespace Outreach.Server.Tests.Hosting;

public sealed class EngineHostTests
{
    internal const string OnExpiry = """
        id: on-expiry
        name: On expiry
        category: marketing
        trigger: { event: membership_expired }
        audience: {}
        holdout: 0
        variants:
          - name: only
            weight: 100
            channels: [sms]
            messages:
              sms: "{{ customer.name }}, your membership expired"
        """;

    /// <summary>A server that hosts the engine, with the event-triggered campaign and one customer who may get an sms.</summary>
    internal static async Task<OutreachServer> StartWithEngineAsync(Store store)
    {
        var server = await OutreachServer.StartAsync(store, new Dictionary<string, string?> { ["Server:RunEngine"] = "true" });
        server.AddCampaign("on-expiry.yaml", OnExpiry);
        using var ingest = server.CreateClient(Scopes.Ingest);
        (await ingest.PutAsJsonAsync("/customers/m1", new { name = "Li", phone = "+8613800138000", consent = new { sms = "opted_in" } })).EnsureSuccessStatusCode();
        // The first trigger scan marks where events start to count; an event stored before it is history.
        var runs = server.Services.GetRequiredService<IRunStore>();
        await Until(async () => await runs.GetCursorAsync(EventTriggerScanner.CursorName) is not null, server);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        return server;
    }

    /// <summary>Moves the server's clock a second at a time (the engine's loops wait on it) until <paramref name="done"/>.</summary>
    internal static async Task Until(Func<Task<bool>> done, OutreachServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the hosted engine did not get there within 30 s");
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task An_event_posted_over_HTTP_is_sent_by_the_hosted_engine_and_the_engine_stops_with_the_server(Store store)
    {
        var server = await StartWithEngineAsync(store);
        var engine = server.Services.GetRequiredService<EngineHost>();
        try
        {
            using var ingest = server.CreateClient(Scopes.Ingest);
            var posted = await ingest.PostAsJsonAsync("/events", new { id = "e1", customerId = "m1", type = "membership_expired", occurredAt = server.Clock.GetUtcNow() });
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

            await Until(() => Task.FromResult(File.Exists(server.OutboxPath) && File.ReadAllLines(server.OutboxPath).Length > 0), server);

            var sent = JsonDocument.Parse(Assert.Single(File.ReadAllLines(server.OutboxPath))).RootElement;
            Assert.Contains("m1", sent.GetRawText());
            Assert.Contains("on-expiry", sent.GetRawText());
            Assert.Equal(EngineState.Running, engine.State);
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.Equal(EngineState.Stopped, engine.State);
    }

    [Fact]
    public async Task Without_RunEngine_nothing_is_sent_in_the_background()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        server.AddCampaign("on-expiry.yaml", OnExpiry);
        using var ingest = server.CreateClient(Scopes.Ingest);
        (await ingest.PutAsJsonAsync("/customers/m1", new { name = "Li", phone = "+8613800138000", consent = new { sms = "opted_in" } })).EnsureSuccessStatusCode();
        (await ingest.PostAsJsonAsync("/events", new { id = "e1", customerId = "m1", type = "membership_expired" })).EnsureSuccessStatusCode();

        for (var i = 0; i < 10; i++)
        {
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        Assert.Equal(EngineState.NotHosted, server.Services.GetRequiredService<EngineHost>().State);
        Assert.False(File.Exists(server.OutboxPath) && File.ReadAllLines(server.OutboxPath).Length > 0);
    }
}
