using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Limits.Caps;
using Outreach.Limits.InProcess;
using Outreach.Limits.Suppression;
using Outreach.Limits.Tests.Caps;
using Outreach.Limits.Whitelists;

namespace Outreach.Limits.Tests.InProcess;

/// <summary>The contract, in process, with its state files in a fresh temporary folder.</summary>
public sealed class InProcessTouchLimiterTests : TouchLimiterContract, IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("outreach-limits-").FullName;

    protected override Sut Create(LimitsOptions options, FakeTimeProvider time)
    {
        var listsPath = Path.Combine(_data, "customer-lists.json");
        var lists = new WhitelistService(new FileCustomerListStore(listsPath), Options.Create(options), time);
        var suppressions = new FileSuppressionList(Path.Combine(_data, "suppressions.json"));
        var journal = new LimiterJournal(Path.Combine(_data, $"limiter-{Guid.NewGuid():N}.journal"));
        return new(new InProcessTouchLimiter(Options.Create(options), lists, suppressions, time, journal), lists, suppressions, time,
            () => new FileCustomerListStore(listsPath));
    }

    [Fact]
    public async Task Suppressions_survive_a_restart()
    {
        var path = Path.Combine(_data, "suppressions.json");
        await new FileSuppressionList(path).AddAsync(Suppression.Suppression.OfCustomer(Core.Channel.Sms, "c1", SuppressionReason.Complaint));
        Assert.Equal(SuppressionReason.Complaint, (await new FileSuppressionList(path).FindAsync(Core.Channel.Sms, "c1", null))!.Reason);
    }

    [Fact]
    public async Task Caps_and_releases_survive_a_restart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new LimitsOptions { Rules = [new() { Max = 1, Per = "1d" }, new() { Max = 2, Per = "7d" }] });
        var journalPath = Path.Combine(_data, "limiter.journal");
        LimiterJournal? running = null;
        // A restart: the process before ends (its journal closes), the next one reads the journal back.
        InProcessTouchLimiter Start()
        {
            running?.Dispose();
            running = new LimiterJournal(journalPath);
            var lists = new WhitelistService(new FileCustomerListStore(Path.Combine(_data, "lists.json")), options, time);
            return new(options, lists, new FileSuppressionList(Path.Combine(_data, "s.json")), time, running);
        }
        TouchRequest Touch(string id, string customer) => new() { TouchId = id, CustomerId = customer, Channel = Core.Channel.Sms };

        var first = Start();
        Assert.Equal(LimitOutcome.Granted, (await first.TryReserveAsync(Touch("t1", "c1"))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await first.TryReserveAsync(Touch("t2", "c2"))).Outcome);
        Assert.Equal(ReleaseResult.Released, await first.ReleaseAsync(Touch("t2", "c2")));

        var restarted = Start();
        Assert.Equal(LimitOutcome.Denied, (await restarted.TryReserveAsync(Touch("t3", "c1"))).Outcome);
        Assert.Equal(LimitOutcome.AlreadyReserved, (await restarted.TryReserveAsync(Touch("t1", "c1"))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await restarted.TryReserveAsync(Touch("t4", "c2"))).Outcome);

        // A day later the daily cap has room again, and the weekly one still counts what was journalled.
        time.Advance(TimeSpan.FromDays(1));
        var later = Start();
        Assert.Equal(LimitOutcome.Granted, (await later.TryReserveAsync(Touch("t5", "c1"))).Outcome);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(LimitOutcome.Denied, (await Start().TryReserveAsync(Touch("t6", "c1"))).Outcome);
        running?.Dispose();
    }

    [Fact]
    public async Task A_second_limiter_on_the_same_journal_is_refused_until_the_first_one_ends()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new LimitsOptions { Rules = [new() { Max = 1, Per = "1d" }] });
        var journalPath = Path.Combine(_data, "limiter.journal");
        InProcessTouchLimiter Start(LimiterJournal journal) =>
            new(options, new WhitelistService(new FileCustomerListStore(Path.Combine(_data, "lists.json")), options, time),
                new FileSuppressionList(Path.Combine(_data, "s.json")), time, journal);
        var touch = new TouchRequest { TouchId = "t1", CustomerId = "c1", Channel = Core.Channel.Sms };

        using var first = new LimiterJournal(journalPath);
        Assert.Equal(LimitOutcome.Granted, (await Start(first).TryReserveAsync(touch)).Outcome);

        using var second = new LimiterJournal(journalPath);
        var refused = Assert.Throws<LimiterJournalInUseException>(() => Start(second));
        Assert.Contains(journalPath, refused.Message);
        Assert.Contains("Limits:Redis", refused.Message);

        // Nothing was lost: once the first one ends, the next one starts and still counts its touch.
        first.Dispose();
        Assert.Equal(LimitOutcome.Denied, (await Start(second).TryReserveAsync(touch with { TouchId = "t2" })).Outcome);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
