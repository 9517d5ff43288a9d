using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Engine.Planning;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Tests.Planning;

public class CampaignForecasterTests
{
    // EngineHarness.Now is Wednesday 2026-11-25 11:00 in Shanghai; a daily 10:00 campaign next fires on Thursday 02:00 UTC.
    private static readonly DateTimeOffset ThursdayTenInShanghai = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
    private const string OnePerDay = "1 per 1d";

    private static string Daily(string id, int priority = 5, int holdout = 0, string extra = "") => $$$"""
        id: {{{id}}}
        name: {{{id}}}
        timezone: Asia/Shanghai
        priority: {{{priority}}}
        schedule: "0 0 10 * * ?"
        audience:
          tags: { any: [target] }
        holdout: {{{holdout}}}
        variants:
          - name: only
            weight: 100
            channels: [wechat, sms]
            messages:
              wechat: "{{ customer.name }}, hello from {{{id}}}"
              sms: "{{ customer.name }}: hello from {{{id}}}"
        {{{extra}}}
        """;

    private static Customer Target(string id, string? openId = "oWeChatOpenId000000000000001", string timeZone = "Asia/Shanghai", params string[] tags) => new()
    {
        Id = id, Name = id.ToUpperInvariant(), Phone = "+8613800138000", WeChatOpenId = openId, TimeZone = timeZone, Tags = ["target", .. tags],
        Consent = new Dictionary<Channel, ConsentStatus> { [Channel.WeChat] = ConsentStatus.OptedIn, [Channel.Sms] = ConsentStatus.OptedIn },
        CreatedAt = EngineHarness.Now.AddDays(-100),
    };

    private static Task<Forecast> PlanAsync(EngineHarness engine, int days, params Campaign[] campaigns) =>
        engine.Get<CampaignForecaster>().ForecastAsync(campaigns, new ForecastOptions(EngineHarness.Now, days));

    [Fact]
    public async Task Held_out_and_suppressed_customers_are_counted_and_everyone_else_would_be_touched()
    {
        await using var engine = new EngineHarness();
        var campaign = EngineHarness.Campaign(Daily("coupon", holdout: 50));
        var ids = Enumerable.Range(0, 12).Select(i => $"c{i:00}").ToArray();
        await engine.AddCustomersAsync(ids.Select(id => Target(id, openId: null)).ToArray());
        await engine.Get<ISuppressionList>().AddAsync(Suppression.OfCustomer(Channel.Sms, "c00", SuppressionReason.OptOut));
        // Suppression is decided before the holdout, so c00 counts as suppressed whatever its hash says.
        var heldOut = ids.Skip(1).Count(id => VariantAssigner.Assign(campaign, id) is null);
        Assert.InRange(heldOut, 1, 10);

        var forecast = await PlanAsync(engine, 1, campaign);

        var pass = Assert.Single(forecast.Occurrences);
        Assert.Equal(ThursdayTenInShanghai, pass.At);
        Assert.Equal(12, pass.Counts.Audience);
        Assert.Equal(1, pass.Counts.Suppressed);
        Assert.Equal(heldOut, pass.Counts.HeldOut);
        Assert.Equal(11 - heldOut, pass.Counts.Touches["sms"]);
        Assert.Empty(pass.Counts.Caps);
    }

    [Fact]
    public async Task Customers_in_the_global_holdout_are_forecast_as_held_out_like_the_engine_holds_them()
    {
        await using var engine = new EngineHarness(new Dictionary<string, string?> { ["Engine:GlobalHoldout:Percent"] = "50" });
        var ids = Enumerable.Range(0, 12).Select(i => $"c{i:00}").ToArray();
        await engine.AddCustomersAsync(ids.Select(id => Target(id, openId: null)).ToArray());
        var global = engine.Get<IOptions<GlobalHoldoutOptions>>().Value;
        var heldOut = ids.Count(global.Contains);
        Assert.InRange(heldOut, 1, 11);

        var pass = Assert.Single((await PlanAsync(engine, 1, EngineHarness.Campaign(Daily("coupon")))).Occurrences);

        Assert.Equal(heldOut, pass.Counts.HeldOut);
        Assert.Equal(12 - heldOut, pass.Counts.Touches["sms"]);
    }

    [Fact]
    public async Task A_daily_cap_makes_the_lower_priority_of_two_campaigns_at_the_same_time_lose_the_customers_both_want()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"), Target("b"), Target("c"), Target("d"));
        // Named so that neither the order given nor the ids' order would put the renewal first: only its priority does.
        var blast = EngineHarness.Campaign(Daily("blast", priority: 3));
        var renewal = EngineHarness.Campaign(Daily("renewal", priority: 8));

        var forecast = await PlanAsync(engine, 1, blast, renewal);

        Assert.Equal(["renewal", "blast"], forecast.Occurrences.Select(o => o.CampaignId));
        var renewalPass = forecast.Occurrences[0];
        var blastPass = forecast.Occurrences[1];
        Assert.Equal(4, renewalPass.Counts.Touches["wechat"]);
        Assert.Empty(renewalPass.Counts.Caps);
        Assert.Equal(4, blastPass.Counts.Audience);
        Assert.Equal(0, blastPass.Counts.TotalTouches);
        // Deferred by default: the cap frees up a day later, within the touch's default 3-day life.
        Assert.Equal(new CapLoss(Deferred: 4, Dropped: 0), blastPass.Counts.Caps[OnePerDay]);
        Assert.Equal(new CapLoss(4, 0), forecast.Totals.Caps[OnePerDay]);
        Assert.Equal(4, forecast.Totals.TotalTouches);
    }

    [Fact]
    public async Task Each_day_of_a_daily_campaign_starts_with_room_again_under_a_daily_cap()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"), Target("b"));

        var forecast = await PlanAsync(engine, 3, EngineHarness.Campaign(Daily("coupon")));

        Assert.Equal(3, forecast.Occurrences.Count);
        Assert.All(forecast.Occurrences, pass => Assert.Equal(2, pass.Counts.Touches["wechat"]));
        Assert.Equal(6, forecast.Campaigns.Single().Counts.Touches["wechat"]);
        Assert.Equal(6, forecast.Totals.TotalTouches);
    }

    [Fact]
    public async Task Touches_the_ledger_shows_sent_recently_count_against_the_caps()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("touched-this-morning"), Target("left-alone"));
        var ledger = engine.Get<ITouchLedger>();
        var earlier = new TouchRecord("some-old-campaign", "run-0", 0, "touched-this-morning") { Channel = Channel.Sms, DueAt = EngineHarness.Now };
        await ledger.PlanAsync([earlier]);
        Assert.True(await ledger.CompleteAsync(earlier.TouchId, TouchStatus.Sent, "sent", "provider-1", null));

        // Sent at 11:00 on Wednesday: at 10:00 on Thursday a day has not passed yet.
        var forecast = await PlanAsync(engine, 1, EngineHarness.Campaign(Daily("coupon")));

        var pass = Assert.Single(forecast.Occurrences);
        Assert.Equal(1, forecast.HistoryTouches);
        Assert.Equal(1, pass.Counts.Touches["wechat"]);
        Assert.Equal(new CapLoss(1, 0), pass.Counts.Caps[OnePerDay]);
    }

    [Theory]
    [InlineData("defer", 1, 0)]
    [InlineData("drop", 0, 1)]
    public async Task Quiet_hours_at_the_occurrence_are_judged_in_each_customer_time_zone(string action, int deferred, int dropped)
    {
        await using var engine = new EngineHarness();
        // 10:00 in Shanghai is 21:00 the evening before in New York: inside the default 21:00-09:00 quiet hours.
        await engine.AddCustomersAsync(Target("in-shanghai"), Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Daily("coupon", extra: $"when_blocked: {{ quiet_hours: {action} }}"));

        var forecast = await PlanAsync(engine, 1, campaign);

        var pass = Assert.Single(forecast.Occurrences);
        Assert.Equal(1, pass.Counts.Touches["wechat"]);
        Assert.Equal(deferred, pass.Counts.QuietHoursDeferred);
        Assert.Equal(dropped, pass.Counts.QuietHoursDropped);
    }

    [Fact]
    public async Task Cron_occurrences_keep_their_local_time_across_a_daylight_saving_change()
    {
        await using var engine = new EngineHarness();
        await engine.Store.MigrateAsync();
        var campaign = EngineHarness.Campaign(Daily("new-york-mornings").Replace("Asia/Shanghai", "America/New_York").Replace("0 0 10 * * ?", "0 0 9 * * ?"));
        // New York leaves daylight saving time on Sunday 2026-11-01: 09:00 is 13:00 UTC before and 14:00 UTC after.
        var from = new DateTimeOffset(2026, 10, 30, 12, 0, 0, TimeSpan.Zero);

        var forecast = await engine.Get<CampaignForecaster>().ForecastAsync([campaign], new ForecastOptions(from, 4));

        Assert.Equal(
            [
                new DateTimeOffset(2026, 10, 30, 13, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 10, 31, 13, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 1, 14, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero),
            ],
            forecast.Occurrences.Select(o => o.At));
        Assert.Equal(4, forecast.Campaigns.Single().Occurrences);
    }

    [Fact]
    public async Task A_weekly_campaign_runs_once_in_a_week_and_an_event_triggered_one_once_on_event()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"));
        var weekly = EngineHarness.Campaign(Daily("weekly").Replace("0 0 10 * * ?", "0 30 10 ? * TUE"));
        var onEvent = EngineHarness.Campaign(Daily("on-event", priority: 8).Replace("schedule: \"0 0 10 * * ?\"", "trigger: { event: purchase, delay: 1d }"));

        var forecast = await PlanAsync(engine, 7, weekly, onEvent);

        var weeklyPass = Assert.Single(forecast.Occurrences, o => o.CampaignId == "weekly");
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 2, 30, 0, TimeSpan.Zero), weeklyPass.At);
        var eventPass = Assert.Single(forecast.Occurrences, o => o.CampaignId == "on-event");
        Assert.Equal((OccurrenceKind.OnEvent, EngineHarness.Now), (eventPass.Kind, eventPass.At));
        Assert.Equal(1, eventPass.Counts.Audience);
        Assert.Contains(forecast.Assumptions, a => a.Contains("eligible now"));
    }

    [Fact]
    public async Task Cost_is_the_touches_of_each_channel_times_its_unit_cost()
    {
        await using var engine = new EngineHarness(new Dictionary<string, string?>
        {
            ["Channels:Costs:Currency"] = "USD",
            ["Channels:Costs:PerMessage:wechat"] = "0.02",
            ["Channels:Costs:PerMessage:sms"] = "0.05",
        });
        await engine.AddCustomersAsync(Target("w1"), Target("w2"), Target("w3"), Target("s1", openId: null), Target("s2", openId: null));

        var forecast = await PlanAsync(engine, 1, EngineHarness.Campaign(Daily("coupon")));

        Assert.Equal("USD", forecast.Currency);
        Assert.Equal((3, 2), (forecast.Totals.Touches["wechat"], forecast.Totals.Touches["sms"]));
        Assert.Equal(0.06m, forecast.Totals.Cost["wechat"]);
        Assert.Equal(0.10m, forecast.Totals.Cost["sms"]);
        Assert.Equal(0.16m, forecast.Totals.TotalCost);
    }

    [Fact]
    public async Task A_later_step_follows_the_customers_who_entered_the_sequence_and_match_its_filter()
    {
        await using var engine = new EngineHarness();
        // Thursday's 10:00 is the only occurrence in three days; the second step is two days later, still inside.
        var campaign = EngineHarness.Campaign(Daily("sequence").Replace("0 0 10 * * ?", "0 0 10 ? * THU") + """

            steps:
              - { name: first, channels: [wechat] }
              - { name: second, wait: 2d, channels: [sms], only: { tags: { any: [keen] } } }
            """);
        await engine.AddCustomersAsync(
            Target("keen", tags: "keen"),
            Target("lukewarm"),
            Target("no-wechat", openId: null, tags: "keen"),
            Target("suppressed-on-wechat", tags: "keen"));
        await engine.Get<ISuppressionList>().AddAsync(Suppression.OfCustomer(Channel.WeChat, "suppressed-on-wechat", SuppressionReason.Complaint));

        var forecast = await PlanAsync(engine, 3, campaign);

        Assert.Equal(2, forecast.Occurrences.Count);
        var first = forecast.Occurrences[0];
        Assert.Equal(("first", false, 4L), (first.Step, first.Approximate, first.Counts.Audience));
        Assert.Equal((2L, 1L, 1L), (first.Counts.Touches["wechat"], first.Counts.Unreachable, first.Counts.Suppressed));
        var second = forecast.Occurrences[1];
        Assert.Equal(("second", true, ThursdayTenInShanghai.AddDays(2)), (second.Step, second.Approximate, second.At));
        // In the sequence: everyone but the suppressed customer; of them only the keen ones get the second step.
        Assert.Equal(2, second.Counts.Audience);
        Assert.Equal(2, second.Counts.Touches["sms"]);
    }

    [Fact]
    public async Task A_forecast_sends_nothing_reserves_nothing_and_writes_no_journal_or_ledger_row()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"), Target("b"));
        var campaign = EngineHarness.Campaign(Daily("coupon"));

        var forecast = await PlanAsync(engine, 7, campaign);

        Assert.Equal(14, forecast.Totals.TotalTouches);
        Assert.Empty(engine.OutboxLines());
        Assert.Empty(await engine.Get<ITouchLedger>().ForCustomerAsync("a"));
        var journal = Path.Combine(engine.Get<IOptions<LimitsOptions>>().Value.DataDirectory, "limiter.journal");
        Assert.False(File.Exists(journal) && new FileInfo(journal).Length > 0);
        // The real limiter never saw the forecast's touches: under the daily cap, customer a still has today's slot.
        var real = await engine.Get<ITouchLimiter>().TryReserveAsync(new TouchRequest { TouchId = "after-the-plan", CustomerId = "a", Channel = Channel.WeChat });
        Assert.Equal(LimitOutcome.Granted, real.Outcome);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(367)]
    public async Task A_forecast_covers_one_to_366_days(int days)
    {
        await using var engine = new EngineHarness();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PlanAsync(engine, days));

        Assert.Contains("1 to 366 days", error.Message);
    }
}
