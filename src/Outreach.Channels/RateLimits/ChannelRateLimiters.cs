using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Outreach.Core;
using StackExchange.Redis;

namespace Outreach.Channels.RateLimits;

/// <summary>
/// Makes each limited channel's limiter: shared by every node through Redis when the cluster has one
/// (<see cref="RedisRateLimiter"/>), this process's own token bucket otherwise (<see cref="ChannelRateLimit.CreateLimiter"/>).
/// </summary>
public sealed class ChannelRateLimiters
{
    private readonly ChannelRateLimitOptions _options;
    private readonly Func<Channel, ChannelRateLimit, RateLimiter> _create;

    private ChannelRateLimiters(ChannelRateLimitOptions options, Func<Channel, ChannelRateLimit, RateLimiter> create)
    {
        _options = options;
        _create = create;
    }

    /// <summary>Each sender with its own bucket in this process: the single-node default.</summary>
    public static ChannelRateLimiters InProcess(ChannelRateLimitOptions options) => new(options, (_, limit) => limit.CreateLimiter());

    /// <summary>One bucket per channel in <paramref name="redis"/>, under <paramref name="keyPrefix"/>, for every node.</summary>
    public static ChannelRateLimiters Shared(ChannelRateLimitOptions options, IConnectionMultiplexer redis, string keyPrefix, TimeProvider time,
        ILogger<RedisRateLimiter> logger) =>
        new(options, (channel, limit) => new RedisRateLimiter(redis, keyPrefix, channel, limit, time, logger));

    /// <summary>A new limiter for <paramref name="channel"/>, owned by the caller, or null when the channel is not limited.</summary>
    public RateLimiter? For(Channel channel) => _options.For(channel) is { } limit ? _create(channel, limit) : null;
}
