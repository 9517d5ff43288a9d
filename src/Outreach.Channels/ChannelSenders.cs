using Outreach.Core;

namespace Outreach.Channels;

/// <summary>The sender configured for each channel.</summary>
public sealed class ChannelSenders(IEnumerable<IChannelSender> senders)
{
    private readonly Dictionary<Channel, IChannelSender> _byChannel = senders.ToDictionary(s => s.Channel);

    public bool TryGet(Channel channel, out IChannelSender sender) => _byChannel.TryGetValue(channel, out sender!);

    public IReadOnlyCollection<Channel> Configured => _byChannel.Keys;
}
