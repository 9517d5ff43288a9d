using Outreach.Core;

namespace Outreach.Channels.Outbox;

/// <summary>
/// Sends a channel's messages to the outbox file: the embedded default, for trying Outreach out. It can tell whether a
/// touch is already in the file, so a touch claimed again after a crash is not written twice.
/// </summary>
public sealed class OutboxSender(Channel channel, OutboxWriter writer) : IChannelSender, ISentLookup
{
    public Channel Channel { get; } = channel;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        new DeliveryResult.Sent(await writer.AppendAsync(message, cancellationToken));

    public async Task<DeliveryResult?> FindSentAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        await writer.ContainsAsync(message.TouchId, cancellationToken) ? new DeliveryResult.Sent(OutboxWriter.ProviderIdOf(message.TouchId)) : null;
}
