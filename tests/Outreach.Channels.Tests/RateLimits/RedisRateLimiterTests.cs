using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Tests.Email.Support;
using Outreach.Channels.Tests.WeChat;
using Outreach.Core;
using StackExchange.Redis;

namespace Outreach.Channels.Tests.RateLimits;

/// <summary>
/// Against the real test Redis, each test under its own key prefix, with the limiters' clock a <see cref="FakeTimeProvider"/>:
/// what they grant depends only on how far the test moves that clock, never on how fast the machine is.
/// </summary>
public sealed class RedisRateLimiterTests : IAsyncLifetime
{
    private static readonly TimeSpan Generously = TimeSpan.FromSeconds(30);

    private readonly string _prefix = TestRedis.UniquePrefix("sendrate");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly List<RateLimiter> _limiters = [];

    private RedisRateLimiter Node(ChannelRateLimit limit, Channel channel = Channel.Sms, IConnectionMultiplexer? redis = null,
        RecordingLogger<RedisRateLimiter>? logger = null)
    {
        var limiter = new RedisRateLimiter(redis ?? TestRedis.Connection, _prefix, channel, limit, _clock, logger ?? new RecordingLogger<RedisRateLimiter>());
        _limiters.Add(limiter);
        return limiter;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var limiter in _limiters) await limiter.DisposeAsync();
        await TestRedis.Connection.GetDatabase().KeyDeleteAsync(
            Enum.GetValues<Channel>().Select(channel => (RedisKey)RedisRateLimiter.KeyFor(_prefix, channel)).ToArray());
    }

    [Fact]
    public void Two_nodes_sharing_a_channel_never_grant_more_than_the_burst_plus_the_rate_over_the_time_passed()
    {
        var limit = new ChannelRateLimit { PerSecond = 10, Burst = 5 };
        var interval = TimeSpan.FromMilliseconds(100);
        RateLimiter[] nodes = [Node(limit), Node(limit)];
        var granted = new int[2];
        var elapsed = TimeSpan.Zero;

        for (var step = 0; step < 40; step++)
        {
            // Both nodes ask as often as they are let, the first to ask taking turns.
            for (var turn = 0; turn < 2; turn++)
            {
                var node = (step + turn) % 2;
                while (nodes[node].AttemptAcquire().IsAcquired) granted[node]++;
            }
            Assert.True(granted.Sum() <= limit.EffectiveBurst + limit.PerSecond * elapsed.TotalSeconds,
                $"{granted.Sum()} granted after {elapsed.TotalSeconds} s");
            // Steps shorter than it takes to refill the burst keep the bucket from overflowing, so asking greedily
            // the nodes get all of their share: the burst plus one message per interval passed.
            Assert.Equal(limit.EffectiveBurst + elapsed.Ticks / interval.Ticks, granted.Sum());
            var advance = TimeSpan.FromMilliseconds(37 + step % 3 * 50);
            _clock.Advance(advance);
            elapsed += advance;
        }

        Assert.All(granted, count => Assert.True(count > 5, $"one node got only {count}"));
    }

    [Fact]
    public async Task A_waiting_acquire_completes_once_the_clock_reaches_its_turn()
    {
        var node = Node(new ChannelRateLimit { PerSecond = 1, Burst = 1 });
        Assert.True((await node.AcquireAsync().AsTask().WaitAsync(Generously)).IsAcquired);

        var waiting = node.AcquireAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.False(waiting.IsCompleted);

        // Small steps until it is granted: however late the wait starts, it cannot complete before its turn at one second.
        var deadline = DateTime.UtcNow + Generously;
        var advanced = TimeSpan.Zero;
        while (!waiting.IsCompleted && DateTime.UtcNow < deadline)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        Assert.True((await waiting.WaitAsync(Generously)).IsAcquired);
        Assert.True(advanced >= TimeSpan.FromSeconds(1), $"granted after {advanced.TotalSeconds} s of a one-second wait");
    }

    [Fact]
    public void A_refused_attempt_says_when_to_ask_again()
    {
        var node = Node(new ChannelRateLimit { PerSecond = 4, Burst = 2 });
        Assert.True(node.AttemptAcquire(2).IsAcquired);

        using var refused = node.AttemptAcquire();

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(250), retryAfter);
        _clock.Advance(retryAfter);
        Assert.True(node.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task Disposing_refuses_a_waiting_acquire_and_cancelling_it_throws()
    {
        var node = Node(new ChannelRateLimit { PerSecond = 0.01, Burst = 1 });
        Assert.True(node.AttemptAcquire().IsAcquired);
        using var cancel = new CancellationTokenSource();
        var cancelled = node.AcquireAsync(1, cancel.Token).AsTask();
        var refused = node.AcquireAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.False(cancelled.IsCompleted);
        Assert.False(refused.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Generously));
        await node.DisposeAsync();
        Assert.False((await refused.WaitAsync(Generously)).IsAcquired);
    }

    [Fact]
    public void Different_channels_do_not_share_a_bucket()
    {
        var limit = new ChannelRateLimit { PerSecond = 0.01, Burst = 1 };
        var sms = Node(limit, Channel.Sms);
        var email = Node(limit, Channel.Email);

        Assert.True(sms.AttemptAcquire().IsAcquired);
        Assert.True(email.AttemptAcquire().IsAcquired);
        Assert.False(sms.AttemptAcquire().IsAcquired);
        Assert.False(email.AttemptAcquire().IsAcquired);
        Assert.NotEqual(sms.Key, email.Key);
    }

    [Fact]
    public async Task The_key_carries_the_prefix_and_the_channel_and_expires_once_the_bucket_is_full_again()
    {
        var node = Node(new ChannelRateLimit { PerSecond = 2, Burst = 4 });

        Assert.True(node.AttemptAcquire(3).IsAcquired);

        Assert.Equal($"{_prefix}:sendrate:sms", node.Key);
        var ttl = await TestRedis.Connection.GetDatabase().KeyTimeToLiveAsync(node.Key);
        // 1.5 s until the three messages have drained, plus the one-minute margin for clocks a little apart.
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(62));
    }

    [Fact]
    public async Task Without_redis_each_node_falls_back_to_its_own_bucket_and_says_so_once()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = ConfigurationOptions.Parse($"127.0.0.1:{closedPort},connectTimeout=200");
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var down = await ConnectionMultiplexer.ConnectAsync(options);
        var logger = new RecordingLogger<RedisRateLimiter>();
        var node = Node(new ChannelRateLimit { PerSecond = 0.01, Burst = 2 }, redis: down, logger: logger);

        // The burst still goes, nothing beyond it does: neither stopped nor unlimited.
        Assert.True((await node.AcquireAsync().AsTask().WaitAsync(Generously)).IsAcquired);
        Assert.True(node.AttemptAcquire().IsAcquired);
        Assert.False(node.AttemptAcquire().IsAcquired);
        var waiting = node.AcquireAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.False(waiting.IsCompleted);

        var warning = Assert.Single(logger.Lines);
        Assert.Contains("Redis unavailable", warning);
        Assert.Contains(node.Key, warning);
    }
}
