using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core;
using Outreach.Limits.Redis;
using Outreach.Limits.Tests.Support;
using Outreach.Limits.Whitelists;
using StackExchange.Redis;
using static Outreach.Limits.Tests.Support.Touches;

namespace Outreach.Limits.Tests.Redis;

/// <summary>What the limiter leaves in Redis: one hash field per customer in a bucket, nothing older than a rule can count, and an expiry.</summary>
public sealed class RedisHistoryLayoutTests : IDisposable
{
    private readonly string _prefix = TestRedis.UniquePrefix("layout");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly IDatabase _db = TestRedis.Connection.GetDatabase();

    private RedisTouchLimiter Limiter(LimitsOptions options)
    {
        options.KeyPrefix = _prefix;
        var wrapped = Options.Create(options);
        return new(TestRedis.Connection, wrapped, new WhitelistService(new RedisCustomerListStore(TestRedis.Connection, wrapped), wrapped, _time), _time);
    }

    private RedisKey Bucket(int bucket) => $"{_prefix}:{{c:{bucket}}}";

    [Fact]
    public async Task Customers_share_a_few_bucket_keys_each_with_an_expiry_of_the_longest_window()
    {
        var limiter = Limiter(new LimitsOptions { Buckets = 4 });
        await limiter.TryReserveManyAsync(Enumerable.Range(0, 200).Select(i => Touch($"c{i}", Channel.Sms)).ToList());

        var keys = TestRedis.Connection.GetServer(TestRedis.Connection.GetEndPoints()[0]).Keys(pattern: _prefix + ":*").ToList();
        Assert.Equal(4, keys.Count);
        Assert.Equal(200, keys.Sum(key => _db.HashLength(key)));
        Assert.All(keys, key => Assert.InRange(_db.KeyTimeToLive(key)!.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30)));
    }

    [Fact]
    public async Task A_history_keeps_eight_bytes_per_touch_and_drops_what_no_rule_counts_any_more()
    {
        var limiter = Limiter(new LimitsOptions { Buckets = 1 });
        await limiter.TryReserveAsync(Touch("c1", Channel.Email));
        _time.Advance(TimeSpan.FromDays(3));
        await limiter.TryReserveAsync(Touch("c1", Channel.Sms));
        Assert.Equal(16, ((byte[]?)_db.HashGet(Bucket(0), "c1"))!.Length);

        // Email counts only for the 1d and 7d rules, SMS also for 30 days: on day 8 the email entry is gone, the SMS stays.
        _time.Advance(TimeSpan.FromDays(5));
        await limiter.TryReserveAsync(Touch("c1", Channel.Email));
        Assert.Equal(16, ((byte[]?)_db.HashGet(Bucket(0), "c1"))!.Length);
    }

    [Fact]
    public async Task Customers_no_longer_touched_are_swept_from_a_busy_bucket()
    {
        var limiter = Limiter(new LimitsOptions { Buckets = 1, Rules = [new() { Max = 60, Per = "30d" }] });
        await limiter.TryReserveAsync(Touch("gone"));
        _time.Advance(TimeSpan.FromDays(31));
        for (var i = 0; i < 60; i++) await limiter.TryReserveAsync(Touch("busy"));

        Assert.False(_db.HashExists(Bucket(0), "gone"));
        Assert.True(_db.HashExists(Bucket(0), "busy"));
    }

    public void Dispose() => TestRedis.DeleteKeys(_prefix);
}
