using System.Collections.Concurrent;
using Outreach.Channels;
using Outreach.Core;

namespace Outreach.Engine.Tests.Support;

/// <summary>A provider for one channel that answers each send with the next scripted result (the last one repeats), and keeps what it was given.</summary>
public sealed class ScriptedSender(Channel channel, params DeliveryResult[] answers) : IChannelSender
{
    private int _calls;

    public Channel Channel => channel;

    public ConcurrentQueue<OutboundMessage> Received { get; } = new();

    public Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Received.Enqueue(message);
        var call = Interlocked.Increment(ref _calls) - 1;
        return Task.FromResult(answers[Math.Min(call, answers.Length - 1)]);
    }
}
