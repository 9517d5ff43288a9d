using Outreach.Core;
using Outreach.Storage.Ledger;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Ledger;

// The daily sums the dashboard draws: touches sent per day and channel, and cap denials per day and rule.
public abstract partial class TouchLedgerContract
{
    private ITouchActivity Activity => (ITouchActivity)Ledger;

    [Fact]
    public async Task Sent_touches_are_counted_per_utc_day_campaign_and_channel_from_the_day_asked()
    {
        await Ledger.PlanAsync([Touch("c1"), Touch("c2"), Touch("c3"), Touch("c4"), Touch("c1", campaign: "renewal"), Touch("c5")]);
        await Ledger.CompleteAsync(Touch("c1").TouchId, TouchStatus.Sent, "sent", "p1", null);
        Clock.Advance(TimeSpan.FromHours(23)); // still the first day (UTC)
        await Ledger.CompleteAsync(Touch("c2").TouchId, TouchStatus.Delivered, "delivered", "p2", null);
        Clock.Advance(TimeSpan.FromHours(2)); // the next day
        await CompleteWithChannelAsync(Touch("c3"), Channel.Email);
        await Ledger.CompleteAsync(Touch("c1", campaign: "renewal").TouchId, TouchStatus.Sent, "sent", "p4", null);
        await Ledger.CompleteAsync(Touch("c4").TouchId, TouchStatus.HeldOut, "in the holdout", null, null);
        await Ledger.CompleteAsync(Touch("c5").TouchId, TouchStatus.Failed, "invalid number", null, null);

        var all = await Activity.CountSentPerDayAsync(Days.Now);
        var first = DateOnly.FromDateTime(Days.Now.UtcDateTime);
        Assert.Equal(
            [new(first, "winback", Channel.Sms, 2), new(first.AddDays(1), "renewal", Channel.Sms, 1), new(first.AddDays(1), "winback", Channel.Email, 1)],
            all);
        Assert.Equal([new DailyTouches(first.AddDays(1), "renewal", Channel.Sms, 1)], await Activity.CountSentPerDayAsync(Days.Now, "renewal"));
        Assert.Equal(2, (await Activity.CountSentPerDayAsync(Days.FromNow(1))).Count);
    }

    [Fact]
    public async Task Cap_denials_are_counted_per_day_and_rule_named_in_the_reason_other_blocks_are_not()
    {
        await Ledger.PlanAsync([Touch("c1"), Touch("c2"), Touch("c3"), Touch("c4"), Touch("c5")]);
        await Ledger.CompleteAsync(Touch("c1").TouchId, TouchStatus.Capped,
            "cap 1 per 1d reached (1/1), eligible again at 2025-06-02 00:00:00Z; deferred to 2025-06-02 00:00:00Z", null, Days.FromNow(1));
        await Ledger.CompleteAsync(Touch("c2").TouchId, TouchStatus.Dropped,
            "cap 4 per 30d sms reached (4/4); the campaign drops blocked touches", null, null);
        await Ledger.CompleteAsync(Touch("c3").TouchId, TouchStatus.Dropped, "quiet hours in the customer's time zone; the campaign drops blocked touches", null, null);
        await Ledger.CompleteAsync(Touch("c4").TouchId, TouchStatus.Suppressed, "+8613800000000 is suppressed (OptOut)", null, null);
        Clock.Advance(TimeSpan.FromDays(1));
        await Ledger.CompleteAsync(Touch("c5").TouchId, TouchStatus.Capped, "cap 1 per 1d reached (1/1); deferred to 2025-06-03 00:00:00Z", null, Days.FromNow(2));

        var first = DateOnly.FromDateTime(Days.Now.UtcDateTime);
        Assert.Equal(
            [new(first, "1 per 1d", 1), new(first, "4 per 30d sms", 1), new(first.AddDays(1), "1 per 1d", 1)],
            await Activity.CountCapDenialsPerDayAsync(Days.Ago(7)));
        Assert.Equal([new DailyCapDenials(first.AddDays(1), "1 per 1d", 1)], await Activity.CountCapDenialsPerDayAsync(Days.FromNow(1)));
    }

    private async Task CompleteWithChannelAsync(TouchRecord touch, Channel channel)
    {
        var claimed = (await Ledger.ClaimDueAsync(Clock.GetUtcNow(), 100, Lease)).Single(t => t.TouchId == touch.TouchId);
        await Ledger.CompleteManyAsync([new TouchCompletion(claimed.TouchId, claimed.Attempts, TouchStatus.Sent, "sent", channel, "A", "p3", null)]);
    }
}
