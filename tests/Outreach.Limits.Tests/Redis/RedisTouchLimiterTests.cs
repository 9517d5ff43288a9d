using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Limits.Redis;
using Outreach.Limits.Tests.Caps;
using Outreach.Limits.Tests.Support;
using Outreach.Limits.Whitelists;

namespace Outreach.Limits.Tests.Redis;

/// <summary>The contract against the real test Redis, each test under its own key prefix; customer and address in one script.</summary>
public class RedisTouchLimiterTests : TouchLimiterContract, IDisposable
{
    private readonly List<string> _prefixes = [];

    protected virtual bool SplitBySlot => false;

    protected override Sut Create(LimitsOptions options, FakeTimeProvider time)
    {
        options.KeyPrefix = TestRedis.UniquePrefix(GetType().Name);
        _prefixes.Add(options.KeyPrefix);
        options.Buckets = 64;
        options.SplitBySlot = SplitBySlot;
        var redis = TestRedis.Connection;
        var wrapped = Options.Create(options);
        var lists = new WhitelistService(new RedisCustomerListStore(redis, wrapped), wrapped, time);
        return new(new RedisTouchLimiter(redis, wrapped, lists, time), lists, new RedisSuppressionList(redis, wrapped, time), time,
            () => new RedisCustomerListStore(RedisConnector.Connect(TestRedis.Endpoint), wrapped));
    }

    public void Dispose()
    {
        foreach (var prefix in _prefixes) TestRedis.DeleteKeys(prefix);
    }
}

/// <summary>The contract the way a Redis Cluster runs it: customer and address histories in separate calls, with compensation.</summary>
public sealed class RedisTouchLimiterSplitBySlotTests : RedisTouchLimiterTests
{
    protected override bool SplitBySlot => true;
}
