using Outreach.Channels;
using Outreach.Core;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Dispatch;

/// <summary>A batch's messages are sent side by side, up to <c>Engine:Dispatch:SendConcurrency</c> at a time, never more.</summary>
public class SendConcurrencyTests
{
    [Fact]
    public async Task A_batch_keeps_exactly_send_concurrency_messages_in_flight()
    {
        var wechat = new GatheringSender(Channel.WeChat, expected: 4);
        await using var engine = new EngineHarness(
            new Dictionary<string, string?> { ["Engine:Dispatch:SendConcurrency"] = "4" },
            configure: services => EngineHarness.UseSender(services, wechat));
        await engine.AddCustomersAsync(Enumerable.Range(1, 10)
            .Select(i => Target($"c{i:D2}", phone: $"+86138001380{i:D2}", openId: $"oWeChatOpenId0000000000000{i:D2}")).ToArray());

        var (status, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        Assert.Equal(10, status.Sent);
        Assert.All(touches.Values, t => Assert.Equal(TouchStatus.Sent, t.Status));
        Assert.Equal(4, wechat.MostInFlight);
    }

    /// <summary>Holds each message until <c>expected</c> are in flight together (or a second has passed), counting the most at once.</summary>
    private sealed class GatheringSender(Channel channel, int expected) : IChannelSender
    {
        private readonly Lock _gate = new();
        private int _inFlight;

        public int MostInFlight { get; private set; }

        public Channel Channel => channel;

        public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            lock (_gate) MostInFlight = Math.Max(MostInFlight, ++_inFlight);
            var deadline = DateTime.UtcNow.AddSeconds(1);
            while (Volatile.Read(ref _inFlight) < expected && DateTime.UtcNow < deadline) await Task.Delay(5, cancellationToken);
            await Task.Delay(20, cancellationToken); // the others gathered meanwhile see this one still in flight
            lock (_gate) _inFlight--;
            return new DeliveryResult.Sent($"wx-{message.TouchId}");
        }
    }
}
