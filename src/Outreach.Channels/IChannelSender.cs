using Outreach.Core;

namespace Outreach.Channels;

/// <summary>Sends messages over one channel through one provider.</summary>
public interface IChannelSender
{
    Channel Channel { get; }

    Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
