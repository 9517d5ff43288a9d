using Outreach.Core;
using Outreach.Limits.StressWorker;
using Outreach.Limits.Tests.Support;

namespace Outreach.Limits.Tests.Redis;

/// <summary>
/// Two OS processes with 16 workers each hammer 1,000 customers (two per phone number) on a clock running four days per
/// real second. Judged only from what the workers were granted: no cap is ever exceeded, and every denial happened
/// at a cap that was really full.
/// </summary>
/// <remarks>
/// A worker reads the clock a little before Redis runs its script, so across 32 workers the grant times are not in
/// execution order. The checks below hold whatever that order: the last-executed grant of any window saw all the others.
/// A denial, though, may have seen grants stamped up to one such delay later; <see cref="Slack"/> allows a quarter second.
/// </remarks>
public sealed class ConcurrentReservationTests
{
    private const double Speed = 4 * 86400;
    private static readonly long Slack = (long)(0.25 * Speed);

    private sealed record Attempt(bool Granted, string Customer, Channel Channel, string Address, int Priority, long At, int DeniedBy);

    [Fact]
    public async Task Thirty_two_workers_in_two_processes_never_push_a_customer_over_a_cap_and_fill_every_cap_they_hit()
    {
        var prefix = TestRedis.UniquePrefix("concurrency");
        _ = TestRedis.Connection; // fail clearly here when the test Redis is not there
        var directory = Directory.CreateTempSubdirectory("outreach-stress-").FullName;
        try
        {
            var realStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var simulatedStart = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
            var outputs = new[] { Path.Combine(directory, "a.csv"), Path.Combine(directory, "b.csv") };
            var processes = outputs.Select((output, i) => DotnetProcess.Start("dotnet",
                [DotnetProcess.StressWorkerDll(), TestRedis.Endpoint, prefix, "1000", "16", "10", $"{simulatedStart}", $"{realStart}", $"{Speed}", output, $"{i + 1}"])).ToList();
            foreach (var process in processes)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
                await process.WaitForExitAsync(timeout.Token);
                Assert.True(process.ExitCode == 0, await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync());
            }

            var lines = outputs.SelectMany(File.ReadAllLines).ToList();
            Assert.DoesNotContain(lines, line => line.StartsWith("double,") || line.StartsWith("error,") || line.StartsWith("other,"));
            var attempts = lines.Select(Parse).ToList();
            var grants = attempts.Where(a => a.Granted).ToList();
            Assert.True(grants.Count > 5000, $"only {grants.Count} grants");

            var rules = StressRules.Options(prefix).EffectiveRules;
            for (var r = 0; r < rules.Count; r++)
            {
                var rule = rules[r];
                var window = (long)rule.Window.TotalSeconds;
                string SubjectOf(Attempt a) => rule.Key == SubjectKind.Address ? a.Address : a.Customer;
                var counted = grants.Where(g => rule.Channel is null || g.Channel == rule.Channel).GroupBy(SubjectOf)
                    .ToDictionary(group => group.Key, group => group.Select(g => g).OrderBy(g => g.At).ToList());

                // Never exceeded: every window ending at a grant holds at most Max, and low priorities never used the reserved slots.
                foreach (var (subject, history) in counted)
                    foreach (var grant in history)
                    {
                        var inWindow = history.Where(g => g.At > grant.At - window && g.At <= grant.At).ToList();
                        Assert.True(inWindow.Count <= rule.Max, $"{subject} has {inWindow.Count} touches under '{rule}' in the window ending {grant.At}");
                        var low = inWindow.Count(g => g.Priority < rule.ReservedForPriority);
                        Assert.True(low <= rule.Max - rule.ReservedSlots, $"{subject} has {low} low-priority touches under '{rule}', past its headroom");
                    }

                // Reached where demand exceeded it: each denial by this rule came when its window was really full.
                var denials = attempts.Where(a => !a.Granted && a.DeniedBy == r).ToList();
                Assert.True(denials.Count > 0, $"no touch was ever denied by '{rule}': demand never exceeded it");
                foreach (var denial in denials)
                {
                    var full = counted.TryGetValue(SubjectOf(denial), out var history) ? history.Count(g => g.At > denial.At - window && g.At <= denial.At + Slack) : 0;
                    Assert.True(full >= rule.LimitFor(denial.Priority), $"{SubjectOf(denial)} was denied by '{rule}' with only {full} touches in the window");
                }
                Assert.Contains(counted.Values, history => history.Any(grant => history.Count(g => g.At > grant.At - window && g.At <= grant.At) == rule.Max));
            }
        }
        finally
        {
            TestRedis.DeleteKeys(prefix);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Attempt Parse(string line)
    {
        var f = line.Split(',');
        ChannelNames.TryParse(f[2], out var channel);
        return new(f[0] == "granted", f[1], channel, f[3], int.Parse(f[4]), long.Parse(f[5]), f[0] == "denied" ? int.Parse(f[6]) : -1);
    }
}
