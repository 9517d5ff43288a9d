using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Core.Experiments.Statistics;
using Outreach.Core.Simulation;
using Outreach.Engine;
using Outreach.Server.Security;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Tests.Results;

public sealed class ResultsApiTests
{
    private const string Campaign = "renewal-reminder";

    /// <summary>The true renewal rate of each arm: what the results must find from the sample.</summary>
    private static readonly Dictionary<string, double> TrueRate = new() { ["holdout"] = 0.05, ["plain-notice"] = 0.10, ["free-trial"] = 0.20 };

    private static string ShippedCampaign
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(folder.FullName, "Outreach.sln"))) folder = folder.Parent ?? throw new InvalidOperationException("Outreach.sln not found above the test");
            return File.ReadAllText(Path.Combine(folder.FullName, "campaigns", $"{Campaign}.yaml"));
        }
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task The_shipped_renewal_reminder_on_simulated_members_finds_the_true_winner_with_p_values_that_fit_the_sample(Store store)
    {
        await using var server = await OutreachServer.StartAsync(store, new Dictionary<string, string?>
        {
            ["Experiments:MinSamplePerArm"] = "300",
            // Everyone is decided at once: a touch deferred by quiet hours would be sent by the background run when the
            // clock moves on below, after the renewal it is compared with.
            ["Limits:QuietHours:Enabled"] = "false",
        });
        server.AddCampaign($"{Campaign}.yaml", ShippedCampaign);
        var start = server.Clock.GetUtcNow();
        var simulated = CustomerSimulator.Generate(new SimulationOptions { Count = 30_000, Seed = 6, Now = start }).ToList();
        await server.Services.GetRequiredService<ICustomerStore>().BulkLoadAsync(simulated.Select(s => (s.Customer, s.Purchases, s.Events)).ToAsyncEnumerable());
        using var admin = server.CreateClient(Scopes.Admin);

        // The campaign runs through the API, and goes on until nothing of it is waiting to be sent.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/campaigns/{Campaign}/runs?runId=r1", null)).StatusCode);
        await WaitUntilPlannedAndDrainedAsync(admin);

        // Each decided customer renews with their arm's true rate (seeded), two days after the touch, as the store reports.
        var arms = new Dictionary<string, string>();
        await foreach (var batch in server.Services.GetRequiredService<ITouchHistory>().StreamCampaignTouchesAsync(Campaign, 1000))
            foreach (var touch in batch)
                if (touch.Status == TouchStatus.HeldOut) arms[touch.CustomerId] = "holdout";
                else if (touch.Variant is { } variant && touch.Status is not (TouchStatus.Planned or TouchStatus.Reserved)) arms[touch.CustomerId] = variant;
        var random = new Random(20261125);
        var renewed = arms.Where(a => random.NextDouble() < TrueRate[a.Value]).ToList();
        server.Clock.Advance(TimeSpan.FromDays(3));
        using var ingest = server.CreateClient(Scopes.Ingest);
        var events = renewed.Select(r => new { id = $"renewed-{r.Key}", customerId = r.Key, type = "membership_renewed", occurredAt = start.AddDays(2), amount = 199m }).ToList();
        var posted = await (await ingest.PostAsJsonAsync("/events/batch", events)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(events.Count, posted.GetProperty("accepted").GetInt32());

        var response = await admin.GetAsync($"/campaigns/{Campaign}/results");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = await response.Content.ReadFromJsonAsync<JsonElement>();
        var byArm = results.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);

        // The sample: every arm's customers and conversions are exactly the ones decided and renewed above.
        foreach (var (arm, rate) in TrueRate)
        {
            var assigned = arms.Count(a => a.Value == arm);
            var converted = renewed.Count(r => r.Value == arm);
            Assert.True(assigned >= (arm == "holdout" ? 50 : 300), $"{arm}: only {assigned} customers; the simulated population is too small for the test to mean much");
            Assert.Equal((assigned, converted), (byArm[arm].GetProperty("assigned").GetInt64(), byArm[arm].GetProperty("converted").GetInt64()));
            Assert.Equal(converted * 199m, byArm[arm].GetProperty("revenue").GetDecimal());
            // The true rate lies inside the reported 95% interval.
            var interval = byArm[arm].GetProperty("interval");
            Assert.InRange(rate, interval.GetProperty("low").GetDouble(), interval.GetProperty("high").GetDouble());
        }

        // The winner is the truly better wording, by the sequential test, and the p-values are those of the counts.
        Assert.Equal("free-trial", results.GetProperty("winner").GetProperty("winner").GetString());
        var trial = byArm["free-trial"];
        Proportion Sample(string arm) => new(renewed.Count(r => r.Value == arm), arms.Count(a => a.Value == arm));
        var vsPlain = trial.GetProperty("vsBestOther");
        Assert.Equal("plain-notice", vsPlain.GetProperty("against").GetString());
        Assert.Equal(TwoProportionTest.PValue(Sample("plain-notice"), Sample("free-trial")), vsPlain.GetProperty("pValue").GetDouble(), 1e-12);
        Assert.Equal(SequentialTest.PValue(Sample("plain-notice"), Sample("free-trial")), vsPlain.GetProperty("sequentialPValue").GetDouble(), 1e-12);
        Assert.True(vsPlain.GetProperty("sequentialPValue").GetDouble() < 0.05);
        Assert.True(trial.GetProperty("vsHoldout").GetProperty("pValue").GetDouble() < 0.001);
    }

    private static async Task WaitUntilPlannedAndDrainedAsync(HttpClient admin)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var run = await admin.GetFromJsonAsync<JsonElement>($"/campaigns/{Campaign}/runs/r1");
            if (run.GetProperty("phase").GetString() != "planning" && run.GetProperty("queued").GetInt64() == 0
                && !run.GetProperty("touches").TryGetProperty("reserved", out _)) return;
            await Task.Delay(100);
        }
        Assert.Fail("the run did not finish within a minute");
    }

    [Fact]
    public async Task Results_need_the_admin_key()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        server.AddCampaign($"{Campaign}.yaml", ShippedCampaign);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync($"/campaigns/{Campaign}/results")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.CreateClient(Scopes.Ingest).GetAsync($"/campaigns/{Campaign}/results")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_campaign_is_a_404_problem_naming_it()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);

        var response = await server.CreateClient(Scopes.Admin).GetAsync("/campaigns/no-such-campaign/results");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-campaign", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_campaign_not_run_yet_has_empty_results_that_say_so()
    {
        await using var server = await OutreachServer.StartAsync(Store.Sqlite);
        server.AddCampaign($"{Campaign}.yaml", ShippedCampaign);

        var results = await server.CreateClient(Scopes.Admin).GetFromJsonAsync<JsonElement>($"/campaigns/{Campaign}/results");

        Assert.Equal(0, results.GetProperty("arms").GetArrayLength());
        Assert.Equal("membership_renewed", results.GetProperty("goalEvent").GetString());
        Assert.Equal("the campaign has no variants with customers yet", results.GetProperty("winner").GetProperty("reason").GetString());
    }
}
