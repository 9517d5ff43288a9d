using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Channels.Outbox;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Tests.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.RateLimits;

/// <summary>
/// Waits are asserted as "not finished yet" (a slow machine cannot make a send finish early) and passing sends with a
/// generous deadline (a slow machine only makes them later), so nothing here depends on how fast the machine is.
/// </summary>
public sealed class RateLimitedSenderTests
{
    private static readonly TimeSpan Generously = TimeSpan.FromSeconds(30);

    /// <summary>One token every 100 s: within a test, an empty bucket stays empty.</summary>
    private static ChannelRateLimit Slow(int burst) => new() { PerSecond = 0.01, Burst = burst };

    [Fact]
    public async Task The_burst_goes_at_once_and_the_next_send_waits_for_a_token()
    {
        var inner = new RecordingSender();
        await using var sender = new RateLimitedSender(inner, Slow(burst: 3).CreateLimiter());

        var sends = Enumerable.Range(1, 4).Select(i => sender.SendAsync(Messages.For($"T{i}"), CancellationToken.None)).ToList();

        await Task.WhenAll(sends.Take(3)).WaitAsync(Generously);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(sends[3].IsCompleted);
        Assert.Equal(["T1", "T2", "T3"], inner.Sent.Select(message => message.TouchId));
    }

    [Fact]
    public async Task A_waiting_send_goes_when_a_token_comes_back()
    {
        var inner = new RecordingSender();
        // Replenished by hand: the test says when the token comes back.
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromTicks(1), AutoReplenishment = false, QueueLimit = 10,
        });
        await using var sender = new RateLimitedSender(inner, limiter);

        await sender.SendAsync(Messages.For("T1"), CancellationToken.None).WaitAsync(Generously);
        var second = sender.SendAsync(Messages.For("T2"), CancellationToken.None);
        Assert.False(second.IsCompleted);
        Assert.Single(inner.Sent);

        await Task.Delay(TimeSpan.FromMilliseconds(5)); // the bucket refills no sooner than one period after the last refill
        Assert.True(limiter.TryReplenish());
        Assert.IsType<DeliveryResult.Sent>(await second.WaitAsync(Generously));
        Assert.Equal(["T1", "T2"], inner.Sent.Select(message => message.TouchId));
    }

    [Fact]
    public async Task Tokens_come_back_on_their_own_at_the_configured_rate()
    {
        var inner = new RecordingSender();
        await using var sender = new RateLimitedSender(inner, new ChannelRateLimit { PerSecond = 50, Burst = 1 }.CreateLimiter());

        for (var i = 1; i <= 10; i++)
            Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Messages.For($"T{i}"), CancellationToken.None).WaitAsync(Generously));

        Assert.Equal(10, inner.Sent.Count);
    }

    [Fact]
    public async Task Cancelling_a_waiting_send_ends_the_wait_and_sends_nothing()
    {
        var inner = new RecordingSender();
        await using var sender = new RateLimitedSender(inner, Slow(burst: 1).CreateLimiter());
        await sender.SendAsync(Messages.For("T1"), CancellationToken.None).WaitAsync(Generously);

        using var cancel = new CancellationTokenSource();
        var waiting = sender.SendAsync(Messages.For("T2"), cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Generously));
        Assert.Equal(["T1"], inner.Sent.Select(message => message.TouchId));
    }

    [Fact]
    public async Task A_send_still_waiting_when_its_message_must_no_longer_leave_is_answered_not_sent()
    {
        var inner = new RecordingSender();
        var clock = new FakeTimeProvider();
        await using var sender = new RateLimitedSender(inner, Slow(burst: 1).CreateLimiter(), clock);
        await sender.SendAsync(Messages.For("T1"), CancellationToken.None).WaitAsync(Generously);

        var waiting = sender.SendAsync(Messages.For("T2") with { NotAfter = clock.GetUtcNow().AddMinutes(1) }, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        var answer = Assert.IsType<DeliveryResult.NotSent>(await waiting.WaitAsync(Generously));
        Assert.Contains("sms send-rate token", answer.Reason);
        Assert.Equal(["T1"], inner.Sent.Select(message => message.TouchId));
    }

    [Fact]
    public async Task A_message_already_past_its_moment_is_not_sent_and_takes_no_token()
    {
        var inner = new RecordingSender();
        var clock = new FakeTimeProvider();
        await using var sender = new RateLimitedSender(inner, Slow(burst: 1).CreateLimiter(), clock);

        var late = await sender.SendAsync(Messages.For("T1") with { NotAfter = clock.GetUtcNow() }, CancellationToken.None);
        var next = await sender.SendAsync(Messages.For("T2"), CancellationToken.None).WaitAsync(Generously);

        Assert.IsType<DeliveryResult.NotSent>(late);
        Assert.IsType<DeliveryResult.Sent>(next);
        Assert.Equal(["T2"], inner.Sent.Select(message => message.TouchId));
    }

    [Fact]
    public async Task A_send_still_waiting_at_shut_down_is_answered_as_transient_and_not_sent()
    {
        var inner = new RecordingSender();
        var sender = new RateLimitedSender(inner, Slow(burst: 1).CreateLimiter());
        await sender.SendAsync(Messages.For("T1"), CancellationToken.None).WaitAsync(Generously);
        var waiting = sender.SendAsync(Messages.For("T2"), CancellationToken.None);

        await sender.DisposeAsync();

        Assert.IsType<DeliveryResult.TransientFailure>(await waiting.WaitAsync(Generously));
        Assert.Single(inner.Sent);
    }

    [Fact]
    public void A_channel_without_a_limit_keeps_its_sender_as_it_is()
    {
        var options = new ChannelRateLimitOptions { Channels = { ["sms"] = new ChannelRateLimit { PerSecond = 20 } } };
        var email = new RecordingSender(Channel.Email);
        var sms = new RecordingSender(Channel.Sms);

        Assert.Same(email, RateLimitedSender.Wrap(email, options));
        var limited = Assert.IsType<RateLimitedSender>(RateLimitedSender.Wrap(sms, options));
        Assert.Same(sms, limited.Inner);
        Assert.Equal(Channel.Sms, limited.Channel);
    }

    [Fact]
    public async Task Lookups_reach_the_inner_sender_and_take_no_token()
    {
        using var folder = new TempFolder();
        using var writer = new OutboxWriter(Options.Create(new OutboxOptions { Path = folder.PathOf("outbox.jsonl") }), new FakeTimeProvider());
        await using var sender = new RateLimitedSender(new OutboxSender(Channel.Sms, writer), Slow(burst: 1).CreateLimiter());
        await sender.SendAsync(Messages.For("T1"), CancellationToken.None).WaitAsync(Generously);

        // The only token is spent, yet lookups answer.
        Assert.Equal(new DeliveryResult.Sent("outbox-T1"), await sender.FindSentAsync(Messages.For("T1"), CancellationToken.None).WaitAsync(Generously));
        Assert.Null(await sender.FindSentAsync(Messages.For("T2"), CancellationToken.None).WaitAsync(Generously));
    }

    [Fact]
    public async Task Lookups_answer_null_when_the_inner_sender_cannot_tell()
    {
        var inner = new RecordingSender();
        await using var sender = new RateLimitedSender(inner, Slow(burst: 1).CreateLimiter());
        await sender.SendAsync(Messages.For("T1"), CancellationToken.None);

        Assert.Null(await sender.FindSentAsync(Messages.For("T1"), CancellationToken.None));
    }
}
