using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Limits.Redis;
using Outreach.Limits.Tests.Support;
using Outreach.Limits.Whitelists;
using static Outreach.Limits.Tests.Support.Touches;

namespace Outreach.Limits.Tests.Redis;

/// <summary>Redis is killed in the middle of the traffic and comes back: nothing is granted unchecked, nothing throws, all recovers.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task A_killed_Redis_grants_nothing_throws_nothing_logs_little_and_recovers_with_its_caps_intact()
    {
        using var server = new OwnRedis();
        server.Start();
        using var redis = RedisConnector.Connect(server.Endpoint);
        var options = Options.Create(new LimitsOptions { Rules = [new() { Max = 1, Per = "1d" }], BreakAfterFailures = 3, BreakFor = "1s" });
        var logger = new RecordingLogger<RedisTouchLimiter>();
        var limiter = new RedisTouchLimiter(redis, options, new WhitelistService(new RedisCustomerListStore(redis, options), options, TimeProvider.System), TimeProvider.System, logger);

        var before = await limiter.TryReserveManyAsync(Enumerable.Range(0, 20).Select(i => Touch($"c{i}")).ToList());
        Assert.All(before, decision => Assert.Equal(LimitOutcome.Granted, decision.Outcome));

        server.Kill();
        var outcomes = new List<LimitOutcome>();
        var uncheckedExempt = new List<bool>();
        var exceptions = 0;
        Exception? firstException = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2.5))
        {
            try
            {
                outcomes.AddRange((await limiter.TryReserveManyAsync(Enumerable.Range(0, 50).Select(i => Touch($"down-{i}")).ToList())).Select(d => d.Outcome));
                var transactional = await limiter.TryReserveAsync(Touch("down-t", category: CampaignCategory.Transactional));
                outcomes.Add(transactional.Outcome);
                uncheckedExempt.Add(transactional is { Outcome: LimitOutcome.Exempt, Unchecked: true });
            }
            catch (Exception error)
            {
                exceptions++;
                firstException ??= error;
            }
            await Task.Delay(10);
        }

        Assert.True(exceptions == 0, $"{exceptions} exceptions, the first: {firstException}");
        Assert.True(outcomes.Count > 1000, $"only {outcomes.Count} attempts while Redis was down");
        Assert.DoesNotContain(LimitOutcome.Granted, outcomes);
        Assert.Equal([LimitOutcome.Exempt, LimitOutcome.Unavailable], outcomes.Distinct().Order());
        // Let through without any look-up, and marked so: the sender checks the suppression list itself.
        Assert.All(uncheckedExempt, Assert.True);
        var warnings = logger.Count(LogLevel.Warning);
        Assert.InRange(warnings, 1, 3);
        Assert.True(logger.Entries.Count <= 5, $"{logger.Entries.Count} log entries for {outcomes.Count} refused touches");

        server.Start();
        var recovered = Stopwatch.StartNew();
        LimitDecision decision;
        do
        {
            await Task.Delay(100);
            decision = await limiter.TryReserveAsync(Touch("after"));
        } while (decision.Outcome == LimitOutcome.Unavailable && recovered.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(LimitOutcome.Granted, decision.Outcome);
        Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Information && entry.Message.Contains("reachable again"));
        var again = await limiter.TryReserveManyAsync(Enumerable.Range(0, 20).Select(i => Touch($"c{i}")).ToList());
        Assert.All(again, d => Assert.Equal(LimitOutcome.Denied, d.Outcome));
    }

    [Fact]
    public async Task While_the_breaker_is_open_the_answer_says_when_to_try_again()
    {
        using var server = new OwnRedis();
        server.Start();
        using var redis = RedisConnector.Connect(server.Endpoint);
        server.Kill();
        var options = Options.Create(new LimitsOptions { BreakAfterFailures = 1, BreakFor = "30s" });
        var limiter = new RedisTouchLimiter(redis, options, new WhitelistService(new RedisCustomerListStore(redis, options), options, TimeProvider.System), TimeProvider.System);

        await limiter.TryReserveAsync(Touch("c1", Channel.Sms));
        var decision = await limiter.TryReserveAsync(Touch("c1", Channel.Sms));
        Assert.Equal(LimitOutcome.Unavailable, decision.Outcome);
        Assert.True(decision.IsTemporary);
        Assert.InRange(decision.NextEligibleAt!.Value - decision.At, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
        Assert.Equal(ReleaseResult.Unavailable, await limiter.ReleaseAsync(Touch("c1")));
    }
}
