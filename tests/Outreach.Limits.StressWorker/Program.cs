using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Limits;
using Outreach.Limits.Redis;
using Outreach.Limits.StressWorker;
using Outreach.Limits.Whitelists;

// One OS process of the concurrency test: many workers reserve random touches for a shared set of customers against the
// shared Redis, on a clock that runs days per real second, and write down what they were granted and denied.
// Usage: <redis> <key prefix> <customers> <workers> <seconds> <sim start unix s> <real start unix ms> <sim s per real s> <output> <seed>
var redisEndpoint = args[0];
var prefix = args[1];
var customers = int.Parse(args[2]);
var workers = int.Parse(args[3]);
var seconds = double.Parse(args[4]);
var clock = new CompressedClock(DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[5])), DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[6])), double.Parse(args[7]));
var output = args[8];
var seed = int.Parse(args[9]);

var options = Options.Create(StressRules.Options(prefix));
using var redis = RedisConnector.Connect(redisEndpoint);
var limiter = new RedisTouchLimiter(redis, options, new WhitelistService(new RedisCustomerListStore(redis, options), options, clock), clock);

var channels = new[] { Channel.Sms, Channel.Sms, Channel.Sms, Channel.Sms, Channel.Sms, Channel.Call, Channel.Call, Channel.Email, Channel.Email, Channel.WeChat };
var records = new List<string>[workers];
var errors = 0;
var stopAt = DateTime.UtcNow.AddSeconds(seconds);
await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
{
    var random = new Random(seed * 1000 + w);
    var lines = records[w] = [];
    var sequence = 0;
    TouchRequest? lastGranted = null;
    while (DateTime.UtcNow < stopAt)
    {
        var retry = lastGranted is not null && random.Next(20) == 0;
        var customer = random.Next(customers);
        var request = retry ? lastGranted! : new TouchRequest
        {
            TouchId = $"{seed}-{w}-{sequence++}",
            CustomerId = $"cust-{customer}",
            Channel = channels[random.Next(channels.Length)],
            Address = StressRules.PhoneOf(customer),
            Priority = random.Next(11),
        };
        try
        {
            var decision = await limiter.TryReserveAsync(request);
            var at = decision.At.ToUnixTimeSeconds();
            switch (decision.Outcome)
            {
                case LimitOutcome.Granted when retry:
                    lines.Add($"double,{request.CustomerId},{request.TouchId}");
                    break;
                case LimitOutcome.Granted:
                    lines.Add($"granted,{request.CustomerId},{request.Channel.ToName()},{request.Address},{request.Priority},{at},{request.TouchId}");
                    lastGranted = request;
                    break;
                case LimitOutcome.Denied:
                    lines.Add($"denied,{request.CustomerId},{request.Channel.ToName()},{request.Address},{request.Priority},{at},{StressRules.IndexOf(decision.Rule!)}");
                    break;
                case LimitOutcome.AlreadyReserved:
                    break;
                default:
                    lines.Add($"other,{request.CustomerId},{decision.Outcome}");
                    break;
            }
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref errors);
            lines.Add($"error,{error.GetType().Name},{error.Message.Replace(',', ';')}");
        }
    }
})));
await File.WriteAllLinesAsync(output, records.SelectMany(lines => lines));
Console.WriteLine($"attempts written: {records.Sum(lines => lines.Count)}, errors: {errors}");
return errors == 0 ? 0 : 1;
