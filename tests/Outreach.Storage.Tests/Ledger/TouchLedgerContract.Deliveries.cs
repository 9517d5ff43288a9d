using Outreach.Core;
using Outreach.Storage.Ledger;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Ledger;

// Delivery reports (Twilio status callbacks, WeChat send-finished events) move a Sent touch forward, never backwards.
public abstract partial class TouchLedgerContract
{
    /// <summary>Plans, claims and records a touch as the dispatcher does when the provider accepted it as <paramref name="providerId"/>.</summary>
    private async Task<TouchRecord> SentAsync(string customer, string providerId, Channel channel = Channel.Sms)
    {
        await Ledger.PlanAsync([Touch(customer) with { Channel = channel }]);
        var claimed = Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 1, Lease));
        await Ledger.CompleteManyAsync([new TouchCompletion(claimed.TouchId, claimed.Attempts, TouchStatus.Sent, "sent", channel, ProviderId: providerId)]);
        return (await Ledger.GetAsync(claimed.TouchId))!;
    }

    [Fact]
    public async Task A_delivery_report_moves_a_sent_touch_to_delivered_with_its_reason()
    {
        var sent = await SentAsync("c1", "SM1");
        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(DeliveryUpdate.Recorded, await Ledger.RecordDeliveryAsync(sent.TouchId, "SM1", TouchStatus.Delivered, "delivered"));

        var read = await Ledger.GetAsync(sent.TouchId);
        Assert.Equal((TouchStatus.Delivered, "delivered", "SM1"), (read!.Status, read.Reason, read.ProviderId));
        Assert.Equal(Clock.GetUtcNow(), read.UpdatedAt);
        Assert.Equal(Channel.Sms, read.Channel);
    }

    [Fact]
    public async Task A_failure_report_moves_a_sent_touch_to_failed_with_the_providers_reason()
    {
        var sent = await SentAsync("c1", "SM1");

        Assert.Equal(DeliveryUpdate.Recorded, await Ledger.RecordDeliveryAsync(sent.TouchId, "SM1", TouchStatus.Failed, "undelivered (30003)"));

        var read = await Ledger.GetAsync(sent.TouchId);
        Assert.Equal((TouchStatus.Failed, "undelivered (30003)"), (read!.Status, read.Reason));
    }

    [Fact]
    public async Task The_first_final_report_wins_and_a_later_one_never_moves_the_touch_backwards()
    {
        var sent = await SentAsync("c1", "SM1");
        await Ledger.RecordDeliveryAsync(sent.TouchId, "SM1", TouchStatus.Delivered, "delivered");
        var delivered = await Ledger.GetAsync(sent.TouchId);
        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(DeliveryUpdate.Unchanged, await Ledger.RecordDeliveryAsync(sent.TouchId, "SM1", TouchStatus.Failed, "undelivered (30005)"));
        Assert.Equal(DeliveryUpdate.Unchanged, await Ledger.RecordDeliveryAsync(sent.TouchId, "SM1", TouchStatus.Delivered, "delivered again"));

        Assert.Equal(delivered, await Ledger.GetAsync(sent.TouchId));
    }

    [Fact]
    public async Task A_report_of_another_send_of_the_same_touch_is_not_applied()
    {
        // The touch fell back from sms to email; a late callback of the sms attempt must not overwrite the email's outcome.
        var sent = await SentAsync("c1", "email-msg-1", Channel.Email);

        Assert.Equal(DeliveryUpdate.Unchanged, await Ledger.RecordDeliveryAsync(sent.TouchId, "SM-earlier", TouchStatus.Failed, "undelivered"));

        Assert.Equal(TouchStatus.Sent, (await Ledger.GetAsync(sent.TouchId))!.Status);
    }

    [Fact]
    public async Task A_report_that_arrives_while_the_send_is_being_recorded_is_not_applied_and_says_so()
    {
        await Ledger.PlanAsync([Touch("c1")]);
        var reserved = Assert.Single(await Ledger.ClaimDueAsync(Days.Now, 1, Lease));

        Assert.Equal(DeliveryUpdate.NotYetSent, await Ledger.RecordDeliveryAsync(reserved.TouchId, "SM1", TouchStatus.Delivered, "delivered"));
        Assert.Equal(TouchStatus.Reserved, (await Ledger.GetAsync(reserved.TouchId))!.Status);
    }

    [Fact]
    public async Task A_report_of_an_unknown_touch_is_not_found()
    {
        Assert.Equal(DeliveryUpdate.NotFound, await Ledger.RecordDeliveryAsync("no/such/0/touch", "SM1", TouchStatus.Delivered, "delivered"));
    }

    [Fact]
    public async Task Only_Delivered_or_Failed_can_be_reported()
    {
        var sent = await SentAsync("c1", "SM1");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Ledger.RecordDeliveryAsync(sent.TouchId, "SM1", TouchStatus.Planned, "back"));
    }

    [Fact]
    public async Task A_touch_is_found_by_its_provider_id_on_its_channel()
    {
        var wechat = await SentAsync("c1", "200163836", Channel.WeChat);
        await SentAsync("c2", "SM77");

        Assert.Equal(wechat, await Ledger.FindByProviderIdAsync(Channel.WeChat, "200163836"));
        Assert.Null(await Ledger.FindByProviderIdAsync(Channel.Sms, "200163836"));
        Assert.Null(await Ledger.FindByProviderIdAsync(Channel.WeChat, "999"));
    }
}
