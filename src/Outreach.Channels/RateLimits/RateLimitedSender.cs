using System.Threading.RateLimiting;
using Outreach.Core;

namespace Outreach.Channels.RateLimits;

/// <summary>
/// Holds a sender to its channel's send rate: each message waits for a token of <paramref name="limiter"/> (as long as
/// it takes, until cancelled, or until the message's <see cref="OutboundMessage.NotAfter"/>) before it goes. The
/// decorator owns the limiter, not the inner sender.
/// </summary>
/// <remarks>
/// Any <see cref="RateLimiter"/> will do, so tests can hand in one they replenish themselves. Configuration builds
/// (<see cref="ChannelRateLimiters"/>) a <see cref="RedisRateLimiter"/> shared by every node when Redis is configured,
/// otherwise a <see cref="TokenBucketRateLimiter"/> (<see cref="ChannelRateLimit.CreateLimiter"/>), which refills on
/// its own timer and reads the monotonic clock, not the application's <see cref="TimeProvider"/>: send rates are
/// about real seconds, and no test needs to fast-forward them. <paramref name="time"/> only says how long a message may
/// still wait (its <see cref="OutboundMessage.NotAfter"/> is on the application's clock).
/// </remarks>
public sealed class RateLimitedSender(IChannelSender inner, RateLimiter limiter, TimeProvider? time = null)
    : IChannelSender, ISentLookup, IDisposable, IAsyncDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Channel Channel => inner.Channel;

    /// <summary>The sender that does the sending.</summary>
    public IChannelSender Inner => inner;

    /// <summary>The limiter it waits on.</summary>
    public RateLimiter Limiter => limiter;

    /// <summary><paramref name="sender"/> held to its channel's limit in this process, or <paramref name="sender"/> itself when the channel has none.</summary>
    public static IChannelSender Wrap(IChannelSender sender, ChannelRateLimitOptions options) =>
        Wrap(sender, ChannelRateLimiters.InProcess(options));

    /// <summary><paramref name="sender"/> held to its channel's limiter from <paramref name="limiters"/>, or <paramref name="sender"/> itself when the channel has none.</summary>
    public static IChannelSender Wrap(IChannelSender sender, ChannelRateLimiters limiters, TimeProvider? time = null) =>
        limiters.For(sender.Channel) is { } limiter ? new RateLimitedSender(sender, limiter, time) : sender;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(message, cancellationToken);
        if (lease is null)
            return new DeliveryResult.NotSent($"waited for a {Channel.ToName()} send-rate token until {message.NotAfter:u}, when its claim runs out");
        // Only a limiter being disposed (shutting down) refuses a waiting send: nothing left, so it can be tried again.
        if (!lease.IsAcquired)
            return new DeliveryResult.TransientFailure($"the {Channel.ToName()} send-rate limiter is shut down");
        return await inner.SendAsync(message, cancellationToken);
    }

    /// <summary>A token lease, or null when the message's <see cref="OutboundMessage.NotAfter"/> came first.</summary>
    private async Task<RateLimitLease?> AcquireAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.NotAfter is not { } notAfter) return await limiter.AcquireAsync(1, cancellationToken);
        var left = notAfter - _time.GetUtcNow();
        if (left <= TimeSpan.Zero) return null;
        using var deadline = new CancellationTokenSource(left, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await limiter.AcquireAsync(1, either.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Asks the inner sender; when it cannot tell, null (not known to have left), so the touch goes as it would without this decorator.</summary>
    public Task<DeliveryResult?> FindSentAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        inner is ISentLookup lookup ? lookup.FindSentAsync(message, cancellationToken) : Task.FromResult<DeliveryResult?>(null);

    public void Dispose() => limiter.Dispose();

    public ValueTask DisposeAsync() => limiter.DisposeAsync();
}
