using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Outreach.Channels;
using Outreach.Channels.RateLimits;
using Outreach.Core;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Dispatch;

/// <summary>
/// A channel's send rate can hold a message longer than the claim on its touch lasts. Past the claim another node may
/// take the touch over and send it, so a message still waiting then does not go: the touch is claimed again instead.
/// </summary>
public class SendRateTests
{
    [Fact]
    public async Task A_message_still_waiting_for_its_channels_rate_when_the_claim_runs_out_is_not_sent_and_goes_at_its_next_claim()
    {
        var sms = new ScriptedSender(Channel.Sms, new DeliveryResult.Sent("SM-1"));
        SecondAskerWaitsPastTheClaim? rate = null;
        // One message at a time: the stalled asker moves the shared clock, which a message sent beside it would see too.
        await using var engine = new EngineHarness(new Dictionary<string, string?> { ["Engine:Dispatch:SendConcurrency"] = "1" },
            configure: services => EngineHarness.UseSender(services, sp =>
        {
            var clock = (FakeTimeProvider)sp.GetRequiredService<TimeProvider>();
            rate = new SecondAskerWaitsPastTheClaim(clock);
            return new RateLimitedSender(sms, rate, clock);
        }));
        await engine.AddCustomersAsync(Target("first", phone: "+8613800138001", openId: null), Target("second", phone: "+8613800138002", openId: null));

        await engine.RunAsync(EngineHarness.Campaign(Coupon));
        await engine.DispatchDueAsync();

        var touches = await engine.TouchesAsync("coupon", "run-1", step: 0);
        Assert.All(touches.Values, t => Assert.Equal(TouchStatus.Sent, t.Status));
        // The message that waited past its claim went at the next claim (attempt 2), not late on the first one.
        Assert.Equal([1, 2], touches.Values.Select(t => t.Attempts).Order());
        Assert.Equal(3, rate!.Asked);
        Assert.Equal(touches.Values.Select(t => t.TouchId).Order(), sms.Received.Select(m => m.TouchId).Order());
    }

    /// <summary>
    /// Grants tokens at once, but the second asker waits as behind a saturated channel: the clock jumps two minutes (the
    /// default claim) and the token comes only if the asker still wants it a moment later.
    /// </summary>
    private sealed class SecondAskerWaitsPastTheClaim(FakeTimeProvider clock) : RateLimiter
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Granted.Lease;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _asked) != 2) return Granted.Lease;
            clock.Advance(TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            return Granted.Lease;
        }

        private sealed class Granted : RateLimitLease
        {
            public static readonly Granted Lease = new();

            public override bool IsAcquired => true;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }
    }
}
