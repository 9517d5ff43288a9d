using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Security;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task A_request_without_a_key_is_401_problem_details_saying_which_header()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient();

        var response = await client.GetAsync("/customers/c1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_key_is_401_and_the_key_is_not_echoed()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyHash.Header, "guessed-key-123");

        var response = await client.GetAsync("/customers/c1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("does not hold a known API key", body);
        Assert.DoesNotContain("guessed-key-123", body);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_403_naming_the_missing_scope()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Trigger);

        var response = await client.GetAsync("/customers/c1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Contains("'ingest'", problem.GetProperty("detail").GetString());
        Assert.Contains("test-trigger", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(Scopes.Ingest)]
    [InlineData(Scopes.Admin)]
    public async Task The_scope_itself_or_admin_lets_the_request_through(string scope)
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient(scope);

        var response = await client.GetAsync("/customers/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_key_configured_by_its_hash_in_either_case_is_accepted()
    {
        var hash = ApiKeyHash.HexOf("a-fresh-key");
        await using var server = await OutreachServer.StartAsync(Store.Sqlite, new Dictionary<string, string?>
        {
            ["Server:ApiKeys:3:Name"] = "shop",
            ["Server:ApiKeys:3:Hash"] = hash.ToUpperInvariant(),
            ["Server:ApiKeys:3:Scopes:0"] = Scopes.Ingest,
        });
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyHash.Header, "a-fresh-key");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/nobody")).StatusCode);
    }

    [Fact]
    public async Task A_key_entry_with_a_bad_hash_or_scope_stops_the_server_naming_the_entry()
    {
        var start = () => OutreachServer.StartAsync(Store.Sqlite, new Dictionary<string, string?>
        {
            ["Server:ApiKeys:3:Name"] = "shop",
            ["Server:ApiKeys:3:Hash"] = "not-a-hash",
            ["Server:ApiKeys:3:Scopes:0"] = "everything",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => { await using var server = await start(); });

        var message = error.ToString();
        Assert.Contains("Server:ApiKeys:3:Hash", message);
        Assert.Contains("unknown scope 'everything'", message);
    }
}
