using Microsoft.Extensions.DependencyInjection;
using Outreach.Core;
using Outreach.Core.Experiments;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Storage.Ledger;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Pipeline;

/// <summary>
/// Suppressions in the design's decision order: they come first, whatever else applies, although the suppression list is asked
/// directly only about touches that stop before their caps (the reservation checks the chosen channel itself).
/// </summary>
public class TouchDeciderTests
{
    [Fact]
    public async Task A_customer_suppressed_on_the_first_channel_is_sent_on_the_next()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("stopped-wechat"), Target("open"));
        await engine.Get<ISuppressionList>().AddAsync(Suppression.OfCustomer(Channel.WeChat, "stopped-wechat", SuppressionReason.OptOut));

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        Assert.Equal((TouchStatus.Sent, Channel.Sms), (touches["stopped-wechat"].Status, touches["stopped-wechat"].Channel));
        Assert.Equal((TouchStatus.Sent, Channel.WeChat), (touches["open"].Status, touches["open"].Channel));
    }

    [Fact]
    public async Task A_customer_suppressed_on_every_channel_is_recorded_as_suppressed_with_the_first_channels_reason()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("stopped"));
        var list = engine.Get<ISuppressionList>();
        await list.AddAsync(Suppression.OfCustomer(Channel.WeChat, "stopped", SuppressionReason.Complaint));
        await list.AddAsync(Suppression.OfAddress(Channel.Sms, "+8613800138000", SuppressionReason.OptOut));

        var (status, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        Assert.Equal(TouchStatus.Suppressed, touches["stopped"].Status);
        Assert.Equal("suppressed on wechat (Complaint)", touches["stopped"].Reason);
        Assert.Equal((1L, 0L), (status.Suppressed, status.Sent));
    }

    [Fact]
    public async Task A_suppressed_customer_in_the_holdout_is_recorded_as_suppressed_not_held_out()
    {
        var campaign = EngineHarness.Campaign(Coupon.Replace("holdout: 0", "holdout: 50"));
        var ids = Enumerable.Range(0, 40).Select(i => $"c{i}").ToList();
        var heldOut = ids.Where(id => VariantAssigner.Assign(campaign, id) is null).ToList();
        Assert.NotEmpty(heldOut);
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync([.. ids.Select(id => Target(id))]);
        var list = engine.Get<ISuppressionList>();
        foreach (var id in heldOut.Take(3))
        {
            await list.AddAsync(Suppression.OfCustomer(Channel.WeChat, id, SuppressionReason.OptOut));
            await list.AddAsync(Suppression.OfCustomer(Channel.Sms, id, SuppressionReason.OptOut));
        }

        var (_, touches) = await engine.RunAsync(campaign);

        Assert.All(heldOut.Take(3), id => Assert.Equal(TouchStatus.Suppressed, touches[id].Status));
        Assert.All(heldOut.Skip(3), id => Assert.Equal(TouchStatus.HeldOut, touches[id].Status));
    }

    [Fact]
    public async Task Only_touches_that_stop_before_their_caps_are_looked_up_in_the_suppression_list()
    {
        var asked = new List<SuppressionQuery>();
        await using var engine = new EngineHarness(configure: services => CountLookUps(services, asked));
        await engine.AddCustomersAsync(Target("a"), Target("b"), Target("in-new-york", timeZone: "America/New_York"));

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        Assert.Equal((TouchStatus.Sent, TouchStatus.Sent, TouchStatus.Deferred), (touches["a"].Status, touches["b"].Status, touches["in-new-york"].Status));
        Assert.Equal(new[] { (Channel.WeChat, "in-new-york"), (Channel.Sms, "in-new-york") }, asked.Select(q => (q.Channel, q.CustomerId)));
    }

    [Fact]
    public async Task A_transactional_touch_the_limiter_let_through_unchecked_is_still_held_back_by_a_suppression()
    {
        var asked = new List<SuppressionQuery>();
        await using var engine = new EngineHarness(configure: services =>
        {
            CountLookUps(services, asked);
            services.AddSingleton<ITouchLimiter, UncheckedLimiter>();
        });
        await engine.AddCustomersAsync(Target("stopped"), Target("open"));
        await engine.Get<ISuppressionList>().AddAsync(Suppression.OfCustomer(Channel.WeChat, "stopped", SuppressionReason.OptOut));
        await engine.Get<ISuppressionList>().AddAsync(Suppression.OfCustomer(Channel.Sms, "stopped", SuppressionReason.OptOut));

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon.Replace("holdout: 0", "category: transactional\nholdout: 0")));

        Assert.Equal(TouchStatus.Suppressed, touches["stopped"].Status);
        Assert.Equal((TouchStatus.Sent, Channel.WeChat), (touches["open"].Status, touches["open"].Channel));
        Assert.Contains(asked, q => q.CustomerId == "open");
    }

    /// <summary>A limiter that could not check anything (as Redis's answers a transactional touch while it is unreachable).</summary>
    private sealed class UncheckedLimiter(TimeProvider time) : ITouchLimiter
    {
        private LimitDecision Answer => LimitDecision.Exempt(time.GetUtcNow(), "not checked") with { Unchecked = true };
        public ValueTask<LimitDecision> TryReserveAsync(TouchRequest request, CancellationToken ct = default) => ValueTask.FromResult(Answer);
        public Task<IReadOnlyList<LimitDecision>> TryReserveManyAsync(IReadOnlyList<TouchRequest> requests, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<LimitDecision>>([.. requests.Select(_ => Answer)]);
        public Task<ReleaseResult> ReleaseAsync(TouchRequest request, CancellationToken ct = default) => Task.FromResult(ReleaseResult.NotFound);
        public Task<CapStatus> ExplainAsync(TouchRequest request, CancellationToken ct = default) => throw new NotSupportedException();
    }

    /// <summary>Records what the engine asks the suppression list in batches (the limiter's own one-by-one look-ups are not counted).</summary>
    private static void CountLookUps(IServiceCollection services, List<SuppressionQuery> asked)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ISuppressionList));
        services.AddSingleton<ISuppressionList>(sp => new CountingSuppressionList(
            (ISuppressionList)(registered.ImplementationInstance ?? registered.ImplementationFactory!(sp)), asked));
    }

    private sealed class CountingSuppressionList(ISuppressionList inner, List<SuppressionQuery> asked) : ISuppressionList
    {
        public Task AddAsync(Suppression suppression, CancellationToken ct = default) => inner.AddAsync(suppression, ct);
        public Task<bool> RemoveAsync(Channel channel, SubjectKind kind, string subject, CancellationToken ct = default) => inner.RemoveAsync(channel, kind, subject, ct);
        public ValueTask<Suppression?> FindAsync(Channel channel, string customerId, string? address, CancellationToken ct = default) => inner.FindAsync(channel, customerId, address, ct);
        public Task<IReadOnlyList<Suppression>> ListAsync(int limit, CancellationToken ct = default) => inner.ListAsync(limit, ct);

        public Task<IReadOnlyList<Suppression?>> FindManyAsync(IReadOnlyList<SuppressionQuery> queries, CancellationToken ct = default)
        {
            lock (asked) asked.AddRange(queries);
            return inner.FindManyAsync(queries, ct);
        }
    }
}
