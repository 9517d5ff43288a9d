using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Experiments;
using Outreach.Engine;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Apis;

public sealed class CampaignPreviewTests
{
    private const string TwoVariants = """
        id: ab
        name: A/B
        category: marketing
        schedule: "0 0 10 * * ?"
        audience:
          tags: { any: [vip] }
        holdout: 20
        variants:
          - name: plain
            weight: 50
            channels: [sms, email]
            messages:
              sms: "Hello {{ customer.name }}"
              email: { subject: "For {{ customer.name }}", body: "Dear {{ customer.name }}" }
          - name: trial
            weight: 50
            channels: [email]
            messages:
              email: { subject: "A free trial, {{ customer.name }}", body: "Try it" }
        """;

    private static async Task<OutreachServer> StartAsync(Store store)
    {
        var server = await OutreachServer.StartAsync(store);
        server.AddCampaign("ab.yaml", TwoVariants);
        using var ingest = server.CreateClient(Scopes.Ingest);
        var customers = Enumerable.Range(1, 60)
            .Select(i => new { id = $"c{i:00}", name = $"Name{i:00}", email = $"c{i}@example.com", tags = new[] { i <= 50 ? "vip" : "regular" } })
            .ToArray();
        (await ingest.PostAsJsonAsync("/customers/batch", customers)).EnsureSuccessStatusCode();
        return server;
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Preview_gives_the_audience_its_exact_split_and_messages_rendered_for_real_customers(Store store)
    {
        await using var server = await StartAsync(store);
        using var admin = server.CreateClient(Scopes.Admin);

        var preview = await admin.GetFromJsonAsync<JsonElement>("/campaigns/ab/preview?samples=2");

        Assert.Equal(50, preview.GetProperty("audience").GetInt64());
        // The split is the assignment the engine would make: the same hash, counted independently here.
        server.Services.GetRequiredService<ICampaignSource>().TryGet("ab", out var campaign);
        var expected = Enumerable.Range(1, 50).Select(i => VariantAssigner.Assign(campaign!, $"c{i:00}")?.Name ?? "holdout")
            .CountBy(name => name).ToDictionary(p => p.Key, p => (long)p.Value);
        var arms = preview.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("customers").GetInt64());
        Assert.Equal(["plain", "trial", "holdout"], preview.GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.All(expected, e => Assert.Equal(e.Value, arms[e.Key]));
        Assert.Equal(50, arms.Values.Sum());
        Assert.True(preview.GetProperty("arms")[2].GetProperty("holdout").GetBoolean());

        var samples = preview.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(2, samples.Count(s => s.GetProperty("variant").GetString() == "plain"));
        Assert.Equal(2, samples.Count(s => s.GetProperty("variant").GetString() == "trial"));
        var plain = samples.First(s => s.GetProperty("variant").GetString() == "plain");
        var name = plain.GetProperty("customerName").GetString();
        Assert.Equal(["sms", "email"], plain.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("channel").GetString()));
        Assert.Equal($"Hello {name}", plain.GetProperty("messages")[0].GetProperty("body").GetString());
        Assert.Equal($"For {name}", plain.GetProperty("messages")[1].GetProperty("subject").GetString());
        Assert.DoesNotContain("{{", preview.GetRawText());
    }

    [Fact]
    public async Task Preview_of_an_unknown_campaign_is_404_and_a_bad_sample_count_names_samples()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var admin = server.CreateClient(Scopes.Admin);

        var unknown = await admin.GetAsync("/campaigns/nope/preview");
        var tooMany = await admin.GetAsync("/campaigns/ab/preview?samples=99");
        var ingest = await server.CreateClient(Scopes.Ingest).GetAsync("/campaigns/ab/preview");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("samples", out _));
        Assert.Equal(HttpStatusCode.Forbidden, ingest.StatusCode);
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_400_naming_the_parameter_and_the_value()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var admin = server.CreateClient(Scopes.Admin);

        var response = await admin.GetAsync("/campaigns/ab/preview?samples=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("samples", problem.GetProperty("field").GetString());
        Assert.Equal("'abc' is not a valid value for samples.", problem.GetProperty("detail").GetString());
    }
}
