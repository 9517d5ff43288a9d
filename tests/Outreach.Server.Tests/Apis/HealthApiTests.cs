using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Storage;

namespace Outreach.Server.Tests.Apis;

public sealed class HealthApiTests
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Health_answers_up_once_the_store_is_migrated(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store);
        using var client = server.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("up", body.GetProperty("status").GetString());
        Assert.Equal(store.ToString().ToLowerInvariant(), server.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        // What a sender must send, as the endpoints check it: a customer's every property may be left out, an event's
        // id, customer and type may not.
        // The key every endpoint asks for, so /docs can send it.
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.False(schemas.GetProperty("CustomerBody").TryGetProperty("required", out _));
        Assert.Equal(["id", "customerId", "type"], schemas.GetProperty("EventBody").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_browsable_API_reference_is_served_at_docs()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        using var client = server.CreateClient();

        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
