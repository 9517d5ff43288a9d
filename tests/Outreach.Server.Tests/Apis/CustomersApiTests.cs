using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Apis;

public sealed class CustomersApiTests
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_customer_put_is_read_back_normalised_with_a_derived_profile(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store);
        using var client = server.CreateClient(Scopes.Ingest);

        var put = await client.PutAsJsonAsync("/customers/c1", new
        {
            name = "Li Wei", phone = "138 0013 8000", email = "li@example.com", timeZone = "Asia/Shanghai",
            tags = new[] { "vip", "vip", "beijing" }, consent = new { sms = "opted_in", email = "opted_out" },
            membershipTier = "Gold", membershipStatus = "expired", membershipExpiresAt = "2026-11-01T00:00:00Z",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var customer = await client.GetFromJsonAsync<JsonElement>("/customers/c1");
        Assert.Equal("+8613800138000", customer.GetProperty("phone").GetString());
        Assert.Equal(["vip", "beijing"], customer.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("opted_in", customer.GetProperty("consent").GetProperty("sms").GetString());
        Assert.Equal("opted_out", customer.GetProperty("consent").GetProperty("email").GetString());
        Assert.Equal("gold", customer.GetProperty("membershipTier").GetString());
        Assert.Equal("expired", customer.GetProperty("membershipStatus").GetString());
        Assert.Equal(0, customer.GetProperty("purchases").GetProperty("count").GetInt32());
        Assert.Equal(0, customer.GetProperty("rfm").GetProperty("recency").GetInt32());
        Assert.Equal("introduction", customer.GetProperty("stage").GetString());
        Assert.Equal("new", customer.GetProperty("pool").GetString());
        Assert.Equal(server.Clock.GetUtcNow(), customer.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Purchases_posted_as_events_show_in_the_profile_and_a_later_put_keeps_them(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store);
        using var client = server.CreateClient(Scopes.Ingest);
        await client.PutAsJsonAsync("/customers/c1", new { name = "Li Wei" });
        await client.PostAsJsonAsync("/events", new { id = "o-1", customerId = "c1", type = "purchase", occurredAt = "2026-10-01T08:00:00Z", amount = 120.5 });
        await client.PostAsJsonAsync("/events", new { id = "o-2", customerId = "c1", type = "purchase", occurredAt = "2026-11-20T08:00:00Z", amount = 79.5 });

        await client.PutAsJsonAsync("/customers/c1", new { name = "Li Wei (renamed)" });
        var customer = await client.GetFromJsonAsync<JsonElement>("/customers/c1");

        Assert.Equal("Li Wei (renamed)", customer.GetProperty("name").GetString());
        var purchases = customer.GetProperty("purchases");
        Assert.Equal(2, purchases.GetProperty("count").GetInt32());
        Assert.Equal(200m, purchases.GetProperty("totalSpend").GetDecimal());
        Assert.Equal(50, purchases.GetProperty("averageRepurchaseIntervalDays").GetDouble());
        Assert.Equal(5.083, customer.GetProperty("recencyDays").GetDouble(), 3); // 2026-11-20 08:00 → 11-25 10:00
        Assert.NotEqual(0, customer.GetProperty("rfm").GetProperty("frequency").GetInt32());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_batch_stores_the_good_customers_and_reports_each_bad_one_by_index_and_field(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store);
        using var client = server.CreateClient(Scopes.Ingest);
        const string batch = """
            [
              { "id": "a", "phone": "+8613800138000" },
              { "id": "b", "phone": "12" },
              { "name": "no id" },
              { "id": "d", "email": "d@example.com", "tags": 5 },
              { "id": "e", "consent": { "fax": "opted_in" }, "membershipStatus": "gold" },
              { "id": "f", "timeZone": "Mars/Olympus" },
              "not an object",
              { "id": "h" }
            ]
            """;

        var response = await client.PostAsync("/customers/batch", new StringContent(batch, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("stored").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString())).ToArray();
        Assert.Equal([(1, "phone"), (2, "id"), (3, "tags"), (4, "consent.fax"), (4, "membershipStatus"), (5, "timeZone"), (6, "")], errors);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/customers/a")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/customers/h")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/b")).StatusCode);
    }

    [Fact]
    public async Task A_bad_phone_on_put_is_400_problem_details_naming_the_field()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PutAsJsonAsync("/customers/c1", new { phone = "not a phone" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _));
        Assert.Contains("phone", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_bad_field_of_a_put_is_named_at_once_as_the_body_spells_it()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PutAsJsonAsync("/customers/c1", new
        {
            phone = "12345", email = "not-an-email", timeZone = "Mars/Olympus", membershipStatus = "gold", consent = new { sms = "maybe" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["consent.sms", "email", "membershipStatus", "phone", "timeZone"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/c1")).StatusCode);
    }

    [Fact]
    public async Task A_field_the_api_does_not_know_is_refused_naming_it_instead_of_being_lost()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var one = await client.PutAsJsonAsync("/customers/c1", new { name = "Li", membership = new { status = "expired" } });
        var batch = await client.PostAsync("/customers/batch", new StringContent(
            """[ { "id": "a", "name": "A" }, { "id": "b", "phoen": "+8613800138000" } ]""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, one.StatusCode);
        var problem = await one.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("membership", problem.GetProperty("field").GetString());
        Assert.Contains("'membership' is not a field here", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/c1")).StatusCode);
        var report = await batch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("stored").GetInt32());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "phoen"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task A_body_id_that_differs_from_the_path_is_refused()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PutAsJsonAsync("/customers/c1", new { id = "c2" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Malformed_json_is_400_naming_the_problem()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PutAsync("/customers/c1", new StringContent("{\"name\": \"Li\",", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_field()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.PutAsync("/customers/c1",
            new StringContent("""{ "name": "Li", "membershipExpiresAt": "next tuesday" }""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("membershipExpiresAt", problem.GetProperty("field").GetString());
        Assert.Contains("membershipExpiresAt", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_before_it_is_read()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite, new Dictionary<string, string?> { ["Server:MaxRequestBodyBytes"] = "1000" });
        using var client = server.CreateClient(Scopes.Ingest);
        var customers = Enumerable.Range(0, 100).Select(i => new { id = $"c{i}", name = "A name long enough" });

        var response = await client.PostAsJsonAsync("/customers/batch", customers);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("1000", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/c0")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_customer_is_404_problem_details()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Ingest);

        var response = await client.GetAsync("/customers/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nobody", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
