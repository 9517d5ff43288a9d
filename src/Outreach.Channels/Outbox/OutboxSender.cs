using Outreach.Core;

namespace Outreach.Channels.Outbox;

/// <summary>Sends a channel's messages to the outbox file: the embedded default, for trying Outreach out.</summary>
public sealed class OutboxSender(Channel channel, OutboxWriter writer) : IChannelSender
{
    public Channel Channel { get; } = channel;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        new DeliveryResult.Sent(await writer.AppendAsync(message, cancellationToken));
}
