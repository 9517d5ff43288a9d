using Outreach.Channels;
using Outreach.Core;

namespace Outreach.Engine.Tests.Support;

/// <summary>A provider for one channel whose every answer a test writes (and can act in, e.g. pause the run mid-send).</summary>
public sealed class DelegatingSender(Channel channel, Func<OutboundMessage, Task<DeliveryResult>> send) : IChannelSender
{
    private int _calls;

    public Channel Channel => channel;

    public int Calls => Volatile.Read(ref _calls);

    public Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return send(message);
    }
}
