using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Channels.Twilio;
using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Tests.Webhooks;

public sealed class TwilioStatusWebhookTests
{
    /// <summary>The callback URL exactly as the sms and call senders give it to Twilio, less the public address.</summary>
    private static string CallbackPath(WebhookServer server, string touchId) =>
        server.Server.Services.GetRequiredService<IOptions<TwilioOptions>>().Value.StatusCallbackFor(touchId)![WebhookServer.PublicBaseUrl.Length..];

    private static List<KeyValuePair<string, string>> MessageStatus(string sid, string status, string? errorCode = null)
    {
        List<KeyValuePair<string, string>> form =
        [
            new("AccountSid", "AC" + new string('a', 32)), new("MessageSid", sid), new("SmsSid", sid), new("MessageStatus", status),
            new("SmsStatus", status), new("From", "+15005550006"), new("To", "+8613800138000"), new("ApiVersion", "2010-04-01"),
        ];
        if (errorCode is not null) form.Add(new("ErrorCode", errorCode));
        return form;
    }

    private static List<KeyValuePair<string, string>> CallStatus(string sid, string status) =>
    [
        new("AccountSid", "AC" + new string('a', 32)), new("CallSid", sid), new("CallStatus", status), new("Direction", "outbound-api"),
        new("From", "+15005550006"), new("To", "+8613800138000"), new("CallDuration", "12"), new("ApiVersion", "2010-04-01"),
    ];

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_delivered_callback_moves_the_sms_touch_to_delivered(Store store)
    {
        await using var server = await WebhookServer.StartAsync(store);
        var touch = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, touch.TouchId), MessageStatus("SM1", "delivered")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await server.Ledger.GetAsync(touch.TouchId);
        Assert.Equal((TouchStatus.Delivered, "delivered"), (read!.Status, read.Reason));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task An_undelivered_callback_fails_the_touch_with_twilios_error_code(Store store)
    {
        await using var server = await WebhookServer.StartAsync(store);
        var touch = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, touch.TouchId), MessageStatus("SM1", "undelivered", "30003")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await server.Ledger.GetAsync(touch.TouchId);
        Assert.Equal((TouchStatus.Failed, "undelivered (30003)"), (read!.Status, read.Reason));
        Assert.Null(await server.Suppressions.FindAsync(Channel.Sms, "c1", "+8613800138000"));
    }

    [Fact]
    public async Task An_undelivered_sms_gives_its_cap_slot_back_and_a_delivered_one_keeps_it()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        await server.Server.Services.GetRequiredService<ICustomerStore>().UpsertCustomersAsync(
        [
            new Customer { Id = "c1", Phone = "+8613800138001", CreatedAt = server.Server.Clock.GetUtcNow() },
            new Customer { Id = "c2", Phone = "+8613800138002", CreatedAt = server.Server.Clock.GetUtcNow() },
        ]);
        var limiter = server.Server.Services.GetRequiredService<ITouchLimiter>();
        var failed = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        var delivered = await server.SentTouchAsync("c2", Channel.Sms, "SM2");
        // Reserved as the dispatcher reserved them (the test's campaign is not in the server's folder: general histories).
        TouchRequest Slot(TouchRecord touch, string phone) =>
            new() { TouchId = touch.TouchId, CustomerId = touch.CustomerId, Channel = Channel.Sms, Address = phone, CampaignId = touch.CampaignId };
        Assert.Equal(LimitOutcome.Granted, (await limiter.TryReserveAsync(Slot(failed, "+8613800138001"))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await limiter.TryReserveAsync(Slot(delivered, "+8613800138002"))).Outcome);
        using var client = server.Server.CreateClient();

        await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, failed.TouchId), MessageStatus("SM1", "undelivered", "30003")));
        await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, delivered.TouchId), MessageStatus("SM2", "delivered")));

        // Given back: nothing is left to release. Kept: the slot is still held.
        Assert.Equal(ReleaseResult.NotFound, await limiter.ReleaseAsync(Slot(failed, "+8613800138001")));
        Assert.Equal(ReleaseResult.Released, await limiter.ReleaseAsync(Slot(delivered, "+8613800138002")));
    }

    [Fact]
    public async Task A_failed_callback_with_21610_also_suppresses_the_number_on_sms()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        using var client = server.Server.CreateClient();

        await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, touch.TouchId), MessageStatus("SM1", "failed", "21610")));

        Assert.Equal(TouchStatus.Failed, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
        var suppression = await server.Suppressions.FindAsync(Channel.Sms, "someone", "+8613800138000");
        Assert.Equal(Suppression.OfAddress(Channel.Sms, "+8613800138000", SuppressionReason.OptOut), suppression);
        Assert.Null(await server.Suppressions.FindAsync(Channel.Call, "someone", "+8613800138000"));
    }

    [Fact]
    public async Task A_late_sent_or_failed_after_delivered_changes_nothing()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        using var client = server.Server.CreateClient();
        var path = CallbackPath(server, touch.TouchId);
        await client.SendAsync(WebhookServer.TwilioPost(path, MessageStatus("SM1", "delivered")));
        var delivered = await server.Ledger.GetAsync(touch.TouchId);
        server.Server.Clock.Advance(TimeSpan.FromMinutes(1));

        var sent = await client.SendAsync(WebhookServer.TwilioPost(path, MessageStatus("SM1", "sent")));
        var failed = await client.SendAsync(WebhookServer.TwilioPost(path, MessageStatus("SM1", "undelivered", "30005")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (sent.StatusCode, failed.StatusCode));
        Assert.Equal(delivered, await server.Ledger.GetAsync(touch.TouchId));
    }

    [Fact]
    public async Task Intermediate_statuses_leave_the_touch_sent()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        using var client = server.Server.CreateClient();

        foreach (var status in new[] { "queued", "sending", "sent" })
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, touch.TouchId), MessageStatus("SM1", status)))).StatusCode);

        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
    }

    [Theory]
    [InlineData("completed", TouchStatus.Delivered, "call completed")]
    [InlineData("no-answer", TouchStatus.Failed, "call no-answer")]
    [InlineData("busy", TouchStatus.Failed, "call busy")]
    public async Task A_call_status_callback_moves_the_call_touch(string callStatus, TouchStatus expected, string reason)
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.Call, "CA1");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, touch.TouchId), CallStatus("CA1", callStatus)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await server.Ledger.GetAsync(touch.TouchId);
        Assert.Equal((expected, reason), (read!.Status, read.Reason));
    }

    [Fact]
    public async Task A_callback_for_an_unknown_touch_is_acknowledged_and_ignored()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var other = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        using var client = server.Server.CreateClient();

        var unknown = await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, "winback/r1/0/nobody"), MessageStatus("SM9", "delivered")));
        var noTouch = await client.SendAsync(WebhookServer.TwilioPost("/webhooks/twilio/status", MessageStatus("SM1", "delivered")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (unknown.StatusCode, noTouch.StatusCode));
        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(other.TouchId))!.Status);
    }

    [Fact]
    public async Task A_callback_of_another_send_of_the_touch_does_not_overwrite_it()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        // The sms outcome was unknown, the touch fell back to email; Twilio reports the sms later.
        var touch = await server.SentTouchAsync("c1", Channel.Email, "email-1");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, touch.TouchId), MessageStatus("SM1", "undelivered", "30003")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
    }

    [Fact]
    public async Task A_callback_that_comes_before_the_send_is_recorded_asks_twilio_to_retry()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.ReservedTouchAsync("c1", Channel.Sms);
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost(CallbackPath(server, touch.TouchId), MessageStatus("SM1", "delivered")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        Assert.Equal(TouchStatus.Reserved, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
    }

    [Fact]
    public async Task A_missing_or_wrong_signature_is_refused_with_403_and_changes_nothing()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        var other = await server.SentTouchAsync("c2", Channel.Sms, "SM2");
        using var client = server.Server.CreateClient();
        var path = CallbackPath(server, touch.TouchId);

        var unsigned = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(MessageStatus("SM1", "failed", "21610")) };
        var wrongKey = WebhookServer.TwilioPost(path, MessageStatus("SM1", "failed", "21610"),
            TwilioSignature.Compute("another-token", WebhookServer.PublicBaseUrl + path, MessageStatus("SM1", "failed", "21610")));
        // Signed for one touch, replayed against another: the touch id is part of the signed URL.
        var replayed = WebhookServer.TwilioPost(path, MessageStatus("SM2", "failed", "21610"));
        replayed.RequestUri = new Uri(CallbackPath(server, other.TouchId), UriKind.Relative);
        // A parameter changed after signing.
        var tampered = WebhookServer.TwilioPost(path, MessageStatus("SM1", "delivered"));
        tampered.Content = new FormUrlEncodedContent(MessageStatus("SM1", "failed", "21610"));

        foreach (var request in new[] { unsigned, wrongKey, replayed, tampered })
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);

        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(other.TouchId))!.Status);
        Assert.Null(await server.Suppressions.FindAsync(Channel.Sms, "c1", "+8613800138000"));
    }

    [Fact]
    public async Task Without_a_twilio_account_every_callback_is_refused()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite, new Dictionary<string, string?>
        {
            ["Channels:Twilio:AccountSid"] = null, ["Channels:Twilio:AuthToken"] = null, ["Channels:Twilio:StatusCallbackUrl"] = null,
        });
        var touch = await server.SentTouchAsync("c1", Channel.Sms, "SM1");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost("/webhooks/twilio/status?touch=" + Uri.EscapeDataString(touch.TouchId),
            MessageStatus("SM1", "delivered")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
    }

    [Fact]
    public async Task Webhooks_need_no_api_key()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost("/webhooks/twilio/status", MessageStatus("SM1", "queued")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
