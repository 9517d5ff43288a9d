using System.Diagnostics;
using Microsoft.Extensions.Options;
using Outreach.Bench.Limiter;
using Outreach.Core;
using Outreach.Limits;
using Outreach.Limits.Redis;
using Outreach.Limits.Whitelists;
using StackExchange.Redis;

// Measures the Redis limiter through its public API under the example default rules:
//   limiter_per_s       reservations per second for N distinct customers (one SMS touch each, batch API, concurrent callers)
//   bytes_per_customer  Redis memory per customer once each has five touches in history
// The machine may be shared, so the throughput run is repeated on an emptied server and the median run counts.
// Usage: Outreach.Bench.Limiter <redis endpoint> [customers=1000000] [repeats=2] [callers=4] [batch=2000]
var endpoint = args[0];
var customers = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var repeats = args.Length > 2 ? int.Parse(args[2]) : 2;
var callers = args.Length > 3 ? int.Parse(args[3]) : 4;
var batch = args.Length > 4 ? int.Parse(args[4]) : 2000;

using var redis = RedisConnector.Connect(endpoint + ",allowAdmin=true");
var server = redis.GetServer(redis.GetEndPoints()[0]);
var start = new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.Zero);
var clock = new ManualClock(start);
var options = Options.Create(new LimitsOptions { KeyPrefix = "bench" });
var limiter = new RedisTouchLimiter(redis, options, new WhitelistService(new RedisCustomerListStore(redis, options), options, clock), clock);

TouchRequest Touch(int customer, Channel channel, int round) => new()
{
    TouchId = $"run-{round}:c{customer}",
    CustomerId = $"c{customer}",
    Channel = channel,
    Address = $"+8613{customer:D9}",
    CampaignId = "bench",
    Priority = 5,
};

async Task<double> ReserveAll(int count, Channel channel, int round)
{
    var next = -batch;
    var notGranted = 0;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        int from;
        while ((from = Interlocked.Add(ref next, batch)) < count)
        {
            var requests = Enumerable.Range(from, Math.Min(batch, count - from)).Select(c => Touch(c, channel, round)).ToList();
            var decisions = await limiter.TryReserveManyAsync(requests);
            Interlocked.Add(ref notGranted, decisions.Count(d => d.Outcome != LimitOutcome.Granted));
        }
    })));
    watch.Stop();
    if (notGranted > 0) throw new InvalidOperationException($"{notGranted} touches of round {round} were not granted.");
    return count / watch.Elapsed.TotalSeconds;
}

long UsedMemory() => long.Parse(server.Info("memory").SelectMany(group => group).First(pair => pair.Key == "used_memory").Value);

// Warm up the JIT and the connection, then start from an empty server.
await ReserveAll(Math.Min(50_000, customers), Channel.Sms, 99);
var rates = new List<double>();
var baseline = 0L;
for (var run = 1; run <= repeats; run++)
{
    await server.FlushDatabaseAsync();
    baseline = UsedMemory();
    var rate = await ReserveAll(customers, Channel.Sms, 0);
    Console.Error.WriteLine($"run {run}, round 0: {rate:F0} reservations/s");
    rates.Add(rate);
}

// Four more touches each, spaced so the default rules grant them all: SMS on days 3, 7.5 and 10.5, a call on day 18.
var rounds = new[] { (3.0, Channel.Sms), (7.5, Channel.Sms), (10.5, Channel.Sms), (18.0, Channel.Call) };
for (var round = 0; round < rounds.Length; round++)
{
    clock.Now = start.AddDays(rounds[round].Item1);
    Console.Error.WriteLine($"round {round + 1}: {await ReserveAll(customers, rounds[round].Item2, round + 1):F0} reservations/s");
}

var bytesPerCustomer = (UsedMemory() - baseline) / (double)customers;
Console.WriteLine($"limiter_per_s={rates.Order().ElementAt(rates.Count / 2):F0}");
Console.WriteLine($"bytes_per_customer={bytesPerCustomer:F1}");
