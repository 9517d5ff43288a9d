using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Apis;

public sealed class CampaignsApiTests
{
    private static async Task<OutreachServer> StartAsync(Store store, int vips = 3)
    {
        var server = await OutreachServer.StartAsync(store);
        server.AddCampaign("welcome.yaml", TriggerApiTests.Welcome);
        server.AddCampaign("broken.yaml", "id: broken\nname: Broken\nholdout: lots\n");
        using var ingest = server.CreateClient(Scopes.Ingest);
        var customers = Enumerable.Range(0, vips).Select(i => new { id = $"vip-{i}", phone = $"+86138001380{i:00}", tags = new[] { "vip" }, consent = new { sms = "opted_in" } })
            .Append(new { id = "opted-out", phone = "+8613800138099", tags = new[] { "vip" }, consent = new { sms = "opted_out" } });
        (await ingest.PostAsJsonAsync("/customers/batch", customers)).EnsureSuccessStatusCode();
        return server;
    }

    [Fact]
    public async Task The_list_shows_the_campaigns_in_force_and_each_broken_file_with_line_and_column()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Admin);

        var list = await client.GetFromJsonAsync<JsonElement>("/campaigns");

        Assert.Equal(["welcome"], list.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var problem = list.GetProperty("problems").EnumerateArray().First();
        Assert.Equal("broken.yaml", problem.GetProperty("file").GetString());
        Assert.True(problem.GetProperty("line").GetInt32() >= 1);
        var welcome = await client.GetFromJsonAsync<JsonElement>("/campaigns/welcome");
        Assert.Equal(["sms"], welcome.GetProperty("variants")[0].GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/campaigns/broken")).StatusCode);
    }

    [Fact]
    public async Task A_posted_yaml_is_validated_with_line_and_column()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Admin);

        var good = await (await client.PostAsync("/campaigns/validate", new StringContent(TriggerApiTests.Welcome, Encoding.UTF8, "application/yaml")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var bad = await (await client.PostAsync("/campaigns/validate", new StringContent(TriggerApiTests.Welcome.Replace("holdout: 0", "holdout: lots"), Encoding.UTF8, "application/yaml")))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(good.GetProperty("valid").GetBoolean());
        Assert.Equal("welcome", good.GetProperty("campaignId").GetString());
        Assert.False(bad.GetProperty("valid").GetBoolean());
        var problem = bad.GetProperty("problems")[0];
        Assert.Equal(7, problem.GetProperty("line").GetInt32());
        Assert.Equal(10, problem.GetProperty("column").GetInt32());
    }

    [Theory]
    [InlineData("../../x%20y")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task A_run_id_that_cannot_stand_in_touch_ids_and_urls_is_400_naming_runId_and_starts_nothing(string runId)
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Admin);

        var started = await client.PostAsync($"/campaigns/welcome/runs?runId={runId}", null);

        Assert.Equal(HttpStatusCode.BadRequest, started.StatusCode);
        var problem = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("A run id is 1 to 64 letters", problem.GetProperty("errors").GetProperty("runId")[0].GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/campaigns/welcome/runs")).GetArrayLength());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_run_answers_202_at_once_and_its_status_url_shows_the_counters_when_done(Store store)
    {
        await using var server = await StartAsync(store);
        using var client = server.CreateClient(Scopes.Admin);

        var started = await client.PostAsync("/campaigns/welcome/runs?runId=first", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/campaigns/welcome/runs/first", started.Headers.Location?.ToString());
        var run = await WaitForAsync(client, "/campaigns/welcome/runs/first", r => r.GetProperty("phase").GetString() == "completed");
        Assert.Equal(4, run.GetProperty("audience").GetInt64());
        Assert.Equal(3, run.GetProperty("sent").GetInt64());
        Assert.Equal(1, run.GetProperty("touches").GetProperty("unreachable").GetInt64());
        Assert.Equal(3, File.ReadAllLines(server.OutboxPath).Length);
        var runs = await client.GetFromJsonAsync<JsonElement>("/campaigns/welcome/runs");
        Assert.Equal("first", runs[0].GetProperty("runId").GetString());
    }

    [Fact]
    public async Task A_campaign_posted_with_a_content_type_validate_does_not_take_is_a_415_that_says_which_it_takes()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Admin);

        var response = await client.PostAsync("/campaigns/validate", new StringContent(TriggerApiTests.Welcome, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/yaml", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Starting_a_cancelled_run_again_is_a_409_that_says_so()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Admin);
        await client.PostAsync("/campaigns/welcome/runs?runId=r1", null);
        await WaitForAsync(client, "/campaigns/welcome/runs/r1", r => r.GetProperty("phase").GetString() == "completed");
        (await client.PostAsync("/campaigns/welcome/runs/r1/cancel", null)).EnsureSuccessStatusCode();

        var again = await client.PostAsync("/campaigns/welcome/runs?runId=r1", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("was cancelled", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_dry_run_decides_everyone_and_sends_nothing()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Admin);

        var report = await (await client.PostAsync("/campaigns/welcome/dry-run", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(4, report.GetProperty("audience").GetInt64());
        Assert.Equal(3, report.GetProperty("outcomes").GetProperty("would_be_sent").GetInt64());
        Assert.Equal(1, report.GetProperty("outcomes").GetProperty("unreachable").GetInt64());
        Assert.False(File.Exists(server.OutboxPath) && File.ReadAllLines(server.OutboxPath).Length > 0);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Pause_and_resume_change_a_run_and_refuse_what_makes_no_sense(Store store)
    {
        await using var server = await StartAsync(store);
        using var client = server.CreateClient(Scopes.Admin);
        await client.PostAsync("/campaigns/welcome/runs?runId=r1", null);
        await WaitForAsync(client, "/campaigns/welcome/runs/r1", r => r.GetProperty("phase").GetString() == "completed");

        var pause = await client.PostAsync("/campaigns/welcome/runs/r1/pause", null);
        var pauseAgain = await client.PostAsync("/campaigns/welcome/runs/r1/pause", null);
        var resume = await client.PostAsync("/campaigns/welcome/runs/r1/resume", null);
        var unknown = await client.PostAsync("/campaigns/welcome/runs/nope/pause", null);

        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        Assert.Equal("paused", (await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phase").GetString());
        Assert.Equal(HttpStatusCode.Conflict, pauseAgain.StatusCode);
        Assert.Contains("paused already", (await pauseAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Campaigns_need_the_admin_scope()
    {
        await using var server = await StartAsync(Store.Sqlite);
        using var client = server.CreateClient(Scopes.Trigger);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/campaigns/welcome/runs", null)).StatusCode);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string url, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<JsonElement>() is var body && done(body)) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} did not get there: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }
}
