using System.Diagnostics;
using Outreach.Channels;
using Outreach.Core;

namespace Outreach.Server.Metrics;

/// <summary>Measures how long each send takes, by channel and result; otherwise the sender it wraps, lookups included.</summary>
public sealed class TimedSender(IChannelSender inner, OutreachMetrics metrics) : IChannelSender, ISentLookup
{
    public Channel Channel => inner.Channel;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = "error";
        try
        {
            var answer = await inner.SendAsync(message, cancellationToken);
            result = answer switch
            {
                DeliveryResult.Sent => "sent",
                DeliveryResult.PermanentFailure => "permanent_failure",
                DeliveryResult.TransientFailure => "transient_failure",
                DeliveryResult.NotSent => "not_sent",
                _ => "other",
            };
            return answer;
        }
        finally
        {
            metrics.RecordSend(Channel, result, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Asks the wrapped sender, so the dispatcher's crash-safety check still works through the decorator.</summary>
    public Task<DeliveryResult?> FindSentAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        inner is ISentLookup lookup ? lookup.FindSentAsync(message, cancellationToken) : Task.FromResult<DeliveryResult?>(null);
}
