using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Outreach.Core;
using StackExchange.Redis;

namespace Outreach.Channels.RateLimits;

/// <summary>
/// One channel's send rate, shared by every node through Redis with GCRA (the generic cell rate algorithm): the key
/// <c>{prefix}:sendrate:{channel}</c> holds the "theoretical arrival time" (TAT), the moment the bucket would be full
/// again. A request for n messages fits when TAT + n·interval lies within burst·interval of now; it then moves TAT on,
/// otherwise the script answers how long to wait. So all nodes together never send more than
/// <see cref="ChannelRateLimit.EffectiveBurst"/> + <see cref="ChannelRateLimit.PerSecond"/> × elapsed seconds.
/// </summary>
/// <remarks>
/// <para>
/// Now comes from the <see cref="TimeProvider"/>, not Redis TIME, so tests can drive the limiter with a fake clock. The
/// nodes' clocks then have to agree: a node whose clock runs δ ahead may send at most δ × rate more than its share.
/// Waiting sends ask again when their turn should have come; across nodes, the first to ask wins, not the oldest.
/// </para>
/// <para>
/// When Redis cannot be reached, each call falls back to this node's own bucket (the in-process limiter a single node
/// uses), and the first such call of an outage logs a warning. Of the choices, this is the least harmful: stopping
/// would hold every touch of the channel back for as long as Redis is down, sending unlimited would break the provider's
/// limit for sure; with the fallback the cluster sends at most (nodes × rate) until Redis is back, and nothing stops.
/// </para>
/// </remarks>
public sealed class RedisRateLimiter : RateLimiter
{
    // Times are microseconds since 1970 (doubles stay exact there for the next few centuries); the interval may be
    // fractional. TAT is stored with 17 significant digits, since Redis turns a plain Lua number into an integer. The
    // key lives until TAT has passed (after that a missing key means the same: a full bucket), plus a margin so that
    // a clock a little behind Redis's does not see its state expire early.
    private const string Script = """
        local now = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local burst = tonumber(ARGV[3])
        local permits = tonumber(ARGV[4])
        local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
        if tat < now then tat = now end
        local later = tat + interval * permits
        local wait = later - interval * burst - now
        if wait > 0 then return {0, math.ceil(wait)} end
        if permits > 0 then
          redis.call('SET', KEYS[1], string.format('%.17g', later), 'PX', math.ceil((later - now) / 1000) + 60000)
        end
        return {1, 0}
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly ChannelRateLimit _limit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisValue _interval;
    private readonly RedisValue _burst;
    private readonly Lazy<RateLimiter> _fallback;
    private readonly CancellationTokenSource _disposed = new();
    private int _redisDown;

    public RedisRateLimiter(IConnectionMultiplexer redis, string keyPrefix, Channel channel, ChannelRateLimit limit, TimeProvider time, ILogger<RedisRateLimiter> logger)
    {
        _redis = redis;
        _limit = limit;
        _time = time;
        _logger = logger;
        Key = KeyFor(keyPrefix, channel);
        _interval = (1_000_000 / limit.PerSecond).ToString("R", CultureInfo.InvariantCulture);
        _burst = limit.EffectiveBurst;
        _fallback = new(limit.CreateLimiter);
    }

    /// <summary>The key every node's limiter for <paramref name="channel"/> shares under <paramref name="keyPrefix"/>.</summary>
    public static string KeyFor(string keyPrefix, Channel channel) => $"{keyPrefix}:sendrate:{channel.ToName()}";

    /// <summary>The Redis key of this channel's bucket.</summary>
    public string Key { get; }

    /// <summary>Never idle: the state lives in Redis, and the key expires by itself.</summary>
    public override TimeSpan? IdleDuration => null;

    /// <summary>None: what is left lives in Redis, and asking would cost a round trip.</summary>
    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermits(permitCount);
        if (_disposed.IsCancellationRequested) return Lease.Refused;
        try
        {
            return Answer(_redis.GetDatabase().ScriptEvaluate(Script, [Key], Arguments(permitCount)));
        }
        catch (Exception ex) when (IsRedisDown(ex))
        {
            return _fallback.Value.AttemptAcquire(permitCount);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermits(permitCount);
        if (_disposed.IsCancellationRequested) return Lease.Refused;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        try
        {
            while (true)
            {
                RateLimitLease lease;
                try
                {
                    lease = Answer(await _redis.GetDatabase().ScriptEvaluateAsync(Script, [Key], Arguments(permitCount)));
                }
                catch (Exception ex) when (IsRedisDown(ex))
                {
                    return await _fallback.Value.AcquireAsync(permitCount, linked.Token);
                }
                if (lease.IsAcquired || !lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)) return lease;
                await Task.Delay(retryAfter, _time, linked.Token);
            }
        }
        // Disposal (shutting down) refuses a waiting acquire; the caller's own cancellation stays an exception.
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Lease.Refused;
        }
    }

    private RedisValue[] Arguments(int permitCount)
    {
        var now = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        return [now, _interval, _burst, permitCount];
    }

    private RateLimitLease Answer(RedisResult result)
    {
        if (Interlocked.Exchange(ref _redisDown, 0) == 1)
            _logger.LogInformation("Redis is back: the {Key} send rate is shared by every node again", Key);
        var answer = (long[])result!;
        return answer[0] == 1 ? Lease.Granted : Lease.Wait(TimeSpan.FromTicks(answer[1] * 10));
    }

    private bool IsRedisDown(Exception ex)
    {
        if (ex is not (RedisException or TimeoutException)) return false;
        if (Interlocked.Exchange(ref _redisDown, 1) == 0)
            _logger.LogWarning("Redis unavailable ({Error}): until it is back, {Key} is held to this node's own bucket of {PerSecond}/s",
                ex.GetType().Name, Key, _limit.PerSecond);
        return true;
    }

    private void CheckPermits(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit.EffectiveBurst);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing || _disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        // The token source is not disposed: it has no timer, and a late acquire may still link to it.
        if (_fallback.IsValueCreated) _fallback.Value.Dispose();
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return ValueTask.CompletedTask;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease Refused = new(false, null);

        public static Lease Wait(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
