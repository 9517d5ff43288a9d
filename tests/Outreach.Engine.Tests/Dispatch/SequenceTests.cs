using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Tests.Dispatch;

/// <summary>
/// Sequences, win-back style: WeChat on day 0, SMS 3 days after, a call 4 days after that only for VIPs; a purchase
/// ends the sequence for a customer. Each later step is planned when the one before it is done.
/// </summary>
public class SequenceTests
{
    private const string RunId = "run-1";

    private const string WinBack = """
        id: win-back-test
        name: Win-back (test)
        timezone: Asia/Shanghai
        schedule: "0 30 10 ? * TUE"
        audience:
          tags: { any: [target] }
        holdout: 0
        variants:
          - name: comeback
            channels: [wechat, sms, call]
            messages:
              wechat: "{{ customer.name }}, we miss you"
              sms: "{{ customer.name }}: we miss you, reply T to stop"
              call: "Hello {{ customer.name }}, this is your store."
        steps:
          - name: wechat-day-0
            wait: 0d
            channels: [wechat]
          - name: sms-day-3
            wait: 3d
            channels: [sms]
          - name: call-day-7
            wait: 4d
            channels: [call]
            only:
              tags: { any: [vip] }
        goal:
          event: purchase
          window: 30d
          exit_on_goal: true
        """;

    private static Customer Customer(string id, params string[] tags) => Sample.Target(id) with
    {
        Tags = ["target", .. tags],
        Consent = new Dictionary<Channel, ConsentStatus>
        {
            [Channel.WeChat] = ConsentStatus.OptedIn, [Channel.Sms] = ConsentStatus.OptedIn, [Channel.Call] = ConsentStatus.OptedIn,
        },
    };

    [Fact]
    public async Task The_second_step_is_planned_three_days_after_the_first_went_out_and_sent_then()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Customer("vip", "vip"));
        var campaign = EngineHarness.Campaign(WinBack);

        var (_, first) = await engine.RunAsync(campaign);

        Assert.Equal((TouchStatus.Sent, Channel.WeChat), (first["vip"].Status, first["vip"].Channel));
        var second = (await engine.TouchesAsync(campaign.Id, RunId, step: 1))["vip"];
        Assert.Equal((TouchStatus.Planned, EngineHarness.Now.AddDays(3)), (second.Status, second.DueAt));
        Assert.Equal(EngineHarness.Now, second.SequenceAt);

        engine.Time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await engine.DispatchDueAsync());
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await engine.DispatchDueAsync());

        var sms = (await engine.TouchesAsync(campaign.Id, RunId, step: 1))["vip"];
        Assert.Equal((TouchStatus.Sent, Channel.Sms), (sms.Status, sms.Channel));
        var third = (await engine.TouchesAsync(campaign.Id, RunId, step: 2))["vip"];
        Assert.Equal(EngineHarness.Now.AddDays(7), third.DueAt);

        engine.Time.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await engine.DispatchDueAsync());

        Assert.Equal(
            [("wechat", EngineHarness.Now), ("sms", EngineHarness.Now.AddDays(3)), ("call", EngineHarness.Now.AddDays(7))],
            engine.Outbox().Select(e => (e.Channel, e.SentAt)));
    }

    [Fact]
    public async Task A_customer_who_buys_after_the_sequence_started_exits_at_the_next_step_and_gets_nothing_more()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Customer("buyer", "vip"), Customer("browser", "vip"));
        var campaign = EngineHarness.Campaign(WinBack);
        await engine.RunAsync(campaign);

        engine.Time.Advance(TimeSpan.FromDays(1));
        var report = await engine.Store.AppendEventsAsync([new CustomerEvent
        {
            Id = "order-1", CustomerId = "buyer", Type = EventTypes.Purchase, OccurredAt = engine.Time.GetUtcNow(), Amount = 399m,
        }]);
        Assert.Empty(report.Issues);
        engine.Time.Advance(TimeSpan.FromDays(2));
        await engine.DispatchDueAsync();

        var second = await engine.TouchesAsync(campaign.Id, RunId, step: 1);
        Assert.Equal(TouchStatus.Exited, second["buyer"].Status);
        Assert.Contains("reached the goal 'purchase'", second["buyer"].Reason);
        Assert.Equal(TouchStatus.Sent, second["browser"].Status);

        engine.Time.Advance(TimeSpan.FromDays(4));
        await engine.DispatchDueAsync();

        Assert.DoesNotContain("buyer", (await engine.TouchesAsync(campaign.Id, RunId, step: 2)).Keys);
        Assert.Equal(["wechat"], engine.Outbox().Where(e => e.CustomerId == "buyer").Select(e => e.Channel));
        Assert.Equal(["wechat", "sms", "call"], engine.Outbox().Where(e => e.CustomerId == "browser").Select(e => e.Channel));
    }

    [Fact]
    public async Task A_purchase_before_the_sequence_started_does_not_end_it()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Customer("regular"));
        var report = await engine.Store.AppendEventsAsync([new CustomerEvent
        {
            Id = "order-0", CustomerId = "regular", Type = EventTypes.Purchase, OccurredAt = EngineHarness.Now.AddDays(-200), Amount = 99m,
        }]);
        Assert.Empty(report.Issues);
        var campaign = EngineHarness.Campaign(WinBack);
        await engine.RunAsync(campaign);

        engine.Time.Advance(TimeSpan.FromDays(3));
        await engine.DispatchDueAsync();

        Assert.Equal(TouchStatus.Sent, (await engine.TouchesAsync(campaign.Id, RunId, step: 1))["regular"].Status);
    }

    [Fact]
    public async Task Held_out_customers_get_no_later_steps()
    {
        await using var engine = new EngineHarness();
        var campaign = EngineHarness.Campaign(WinBack.Replace("holdout: 0", "holdout: 50"));
        var ids = Enumerable.Range(0, 20).Select(i => $"c{i:00}").ToArray();
        await engine.AddCustomersAsync(ids.Select(id => Customer(id, "vip")).ToArray());
        var heldOut = ids.Where(id => VariantAssigner.Assign(campaign, id) is null).ToHashSet();
        Assert.InRange(heldOut.Count, 1, ids.Length - 1);

        await engine.RunAsync(campaign);
        for (var day = 1; day <= 8; day++)
        {
            engine.Time.Advance(TimeSpan.FromDays(1));
            await engine.DispatchDueAsync();
        }

        Assert.Equal(heldOut, (await engine.TouchesAsync(campaign.Id, RunId, step: 0)).Values.Where(t => t.Status == TouchStatus.HeldOut).Select(t => t.CustomerId).ToHashSet());
        var later = (await engine.TouchesAsync(campaign.Id, RunId, step: 1)).Keys.Concat((await engine.TouchesAsync(campaign.Id, RunId, step: 2)).Keys).ToList();
        Assert.Empty(later.Intersect(heldOut));
        Assert.Equal(2 * (ids.Length - heldOut.Count), later.Count);
        Assert.DoesNotContain(engine.Outbox(), e => heldOut.Contains(e.CustomerId));
        Assert.Equal(3 * (ids.Length - heldOut.Count), engine.Outbox().Count);
    }

    [Fact]
    public async Task A_step_with_an_only_filter_skips_the_customers_outside_it()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Customer("vip", "vip"), Customer("regular"));
        var campaign = EngineHarness.Campaign(WinBack);
        await engine.RunAsync(campaign);

        engine.Time.Advance(TimeSpan.FromDays(3));
        await engine.DispatchDueAsync();
        engine.Time.Advance(TimeSpan.FromDays(4));
        await engine.DispatchDueAsync();

        var calls = await engine.TouchesAsync(campaign.Id, RunId, step: 2);
        Assert.Equal(TouchStatus.Sent, calls["vip"].Status);
        Assert.Equal(TouchStatus.Skipped, calls["regular"].Status);
        Assert.Contains("only for some customers", calls["regular"].Reason);
        Assert.Equal(["wechat", "sms"], engine.Outbox().Where(e => e.CustomerId == "regular").Select(e => e.Channel));
        Assert.Equal(["wechat", "sms", "call"], engine.Outbox().Where(e => e.CustomerId == "vip").Select(e => e.Channel));
    }
}
