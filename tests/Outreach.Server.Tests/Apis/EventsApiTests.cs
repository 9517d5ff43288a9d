using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Server.Security;
using Outreach.Storage;

namespace Outreach.Server.Tests.Apis;

public sealed class EventsApiTests
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task An_event_is_accepted_once_and_its_retry_is_a_harmless_duplicate(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store);
        using var client = server.CreateClient(Scopes.Ingest);
        await client.PutAsJsonAsync("/customers/m1", new { membershipStatus = "active" });
        var renewal = new { id = "evt-1", customerId = "m1", type = "membership_expired", occurredAt = "2026-11-24T00:00:00Z" };

        var first = await client.PostAsJsonAsync("/events", renewal);
        var retry = await client.PostAsJsonAsync("/events", renewal);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("accepted", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("duplicate", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var events = await server.Services.GetRequiredService<ICustomerStore>().GetEventsAsync("m1");
        Assert.Single(events);
        var customer = await client.GetFromJsonAsync<JsonElement>("/customers/m1");
        Assert.Equal("expired", customer.GetProperty("membershipStatus").GetString());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_batch_stores_new_events_counts_duplicates_and_reports_each_refused_one(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store);
        using var client = server.CreateClient(Scopes.Ingest);
        await client.PutAsJsonAsync("/customers/c1", new { name = "Li" });
        await client.PostAsJsonAsync("/events", new { id = "seen", customerId = "c1", type = "purchase", amount = 10 });
        const string batch = """
            [
              { "id": "p1", "customerId": "c1", "type": "purchase", "amount": 25.5, "properties": { "store": "sh-01", "items": 3 } },
              { "id": "seen", "customerId": "c1", "type": "purchase", "amount": 10 },
              { "id": "x1", "customerId": "ghost", "type": "purchase" },
              { "id": "x2", "customerId": "c1", "type": "Bought Something" },
              { "id": "x3", "customerId": "c1", "type": "purchase", "amount": "lots" },
              { "customerId": "c1", "type": "custom_visit" },
              { "id": "r1", "customerId": "c1", "type": "membership_renewed", "properties": { "expires_at": "soon" } },
              { "id": "v1", "customerId": "c1", "type": "store_visit" }
            ]
            """;

        var response = await client.PostAsync("/events/batch", new StringContent(batch, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("accepted").GetInt32());
        Assert.Equal(1, report.GetProperty("duplicates").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString())).ToArray();
        Assert.Equal([(2, "customerId"), (3, "type"), (4, "amount"), (5, "id"), (6, "properties.expires_at")], errors);
        var stored = await server.Services.GetRequiredService<ICustomerStore>().GetEventsAsync("c1");
        Assert.Equal(["p1", "seen", "v1"], stored.Select(e => e.Id).Order());
        Assert.Equal("3", stored.Single(e => e.Id == "p1").Properties["items"]);
    }

    [Fact]
    public async Task Missing_fields_are_400_naming_each_one()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PostAsJsonAsync("/events", new { amount = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["customerId", "id", "type"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task An_event_from_the_future_is_400_naming_occurredAt_but_a_few_minutes_of_clock_skew_are_fine()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);
        await client.PutAsJsonAsync("/customers/c1", new { name = "Li" });
        var now = server.Clock.GetUtcNow();

        var future = await client.PostAsJsonAsync("/events", new { id = "e1", customerId = "c1", type = "purchase", amount = 5, occurredAt = now.AddYears(3) });
        var skewed = await client.PostAsJsonAsync("/events", new { id = "e2", customerId = "c1", type = "purchase", amount = 5, occurredAt = now.AddMinutes(2) });

        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var errors = (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("is in the future", errors.GetProperty("occurredAt")[0].GetString());
        Assert.Equal(HttpStatusCode.Accepted, skewed.StatusCode);
    }

    [Fact]
    public async Task An_event_for_an_unknown_customer_is_422_so_it_can_be_sent_again_later()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PostAsJsonAsync("/events", new { id = "e1", customerId = "ghost", type = "purchase" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("customerId", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_empty_body_is_400_saying_a_body_is_needed()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PostAsync("/events", new StringContent("", Encoding.UTF8, "application/json"));
        var array = await client.PostAsync("/events", new StringContent("[]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Body missing", "This endpoint needs a JSON body."), (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        Assert.Contains("one JSON object here", (await array.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_trigger_key_cannot_post_events()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Trigger);

        var response = await client.PostAsJsonAsync("/events", new { id = "e1", customerId = "c1", type = "purchase" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
