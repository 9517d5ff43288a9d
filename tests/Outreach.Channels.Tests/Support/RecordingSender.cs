using System.Collections.Concurrent;
using Outreach.Core;

namespace Outreach.Channels.Tests.Support;

/// <summary>A sender that answers at once and remembers what it sent; it cannot tell what it sent before.</summary>
public sealed class RecordingSender(Channel channel = Channel.Sms) : IChannelSender
{
    public ConcurrentQueue<OutboundMessage> Sent { get; } = new();

    public Channel Channel { get; } = channel;

    public Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        return Task.FromResult<DeliveryResult>(new DeliveryResult.Sent("recorded-" + message.TouchId));
    }
}
