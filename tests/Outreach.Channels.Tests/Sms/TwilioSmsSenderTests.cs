using System.Diagnostics;
using Outreach.Channels.Tests.Support;
using Outreach.Channels.Tests.Twilio;
using Outreach.Core;

namespace Outreach.Channels.Tests.Sms;

public sealed class TwilioSmsSenderTests : IDisposable
{
    private readonly FakeTwilio _twilio = new();

    public void Dispose() => _twilio.Dispose();

    private static OutboundMessage Sms(string touchId = "T1", string address = "+8613800138000") =>
        Messages.For(touchId) with { Address = address };

    [Fact]
    public async Task A_message_goes_out_as_the_official_description_says_and_its_sid_comes_back()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        var result = await channels.SendAsync(Sms("run1:0:C1"));

        var request = Assert.Single(_twilio.Requests);
        Assert.Equal(new DeliveryResult.Sent(SidOfFirst()), result);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(
            ["To=+8613800138000", $"From={TwilioChannels.From}", "Body=您好，会员到期提醒", $"StatusCallback={TwilioChannels.Callback}?touch=run1%3A0%3AC1"],
            request.Form.Select(p => $"{p.Key}={p.Value}"));
        Assert.Empty(_twilio.Violations);
    }

    // Long enough for the request to reach the fake on a loaded machine; the fake holds its answer back until after the timeout.
    private static readonly Dictionary<string, string?> ShortTimeout = new() { ["Channels:Twilio:Timeout"] = "00:00:02" };

    private string SidOfFirst() => "SM" + 1.ToString("x32");

    [Fact]
    public async Task A_messaging_service_replaces_the_sender_number()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl, new Dictionary<string, string?>
        {
            ["Channels:Twilio:MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef",
            ["Channels:Twilio:StatusCallbackUrl"] = null,
        });

        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms()));

        var request = Assert.Single(_twilio.Requests);
        Assert.Equal(["To", "MessagingServiceSid", "Body"], request.Form.Select(p => p.Key));
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_for_then_the_message_is_sent_once()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(new FakeTwilio.Reply(429, Code: 20429, RetryAfter: TimeSpan.FromSeconds(1)));
        var clock = Stopwatch.StartNew();

        var result = await channels.SendAsync(Sms());

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
        Assert.Equal(2, _twilio.Creates.Count);
        Assert.True(_twilio.Creates[1].At - _twilio.Creates[0].At >= TimeSpan.FromSeconds(0.9));
        Assert.Equal(1, _twilio.Created);
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task Throttled_on_every_try_ends_as_a_transient_failure_after_the_last_retry()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        for (var i = 0; i < 4; i++) _twilio.Enqueue(new FakeTwilio.Reply(429, Code: 20429));

        var result = await channels.SendAsync(Sms());

        Assert.StartsWith("Twilio is throttling", Assert.IsType<DeliveryResult.TransientFailure>(result).Reason);
        Assert.Equal(4, _twilio.Creates.Count); // the first try and three retries
        Assert.Equal(0, _twilio.Created);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_limit_goes_back_to_the_dispatcher_at_once()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(new FakeTwilio.Reply(429, Code: 20429, RetryAfter: TimeSpan.FromSeconds(120)));

        var result = await channels.SendAsync(Sms());

        Assert.Equal(TimeSpan.FromSeconds(120), Assert.IsType<DeliveryResult.TransientFailure>(result).RetryAfter);
        Assert.Single(_twilio.Creates);
    }

    [Fact]
    public async Task A_500_that_sent_nothing_is_not_resent_but_looked_up_and_reported_unknown()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(new FakeTwilio.Reply(500));

        var result = await channels.SendAsync(Sms());

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.StartsWith("outcome unknown (HTTP 500; not found by lookup)", failure.Reason);
        Assert.False(failure.Suppress);
        Assert.Single(_twilio.Creates);
        var lookup = Assert.Single(_twilio.Lists);
        Assert.Equal("+8613800138000", lookup.Query.Single(p => p.Key == "To").Value);
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task A_500_that_did_send_is_found_by_the_lookup_and_counts_as_sent()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(new FakeTwilio.Reply(500, Creates: true));

        var result = await channels.SendAsync(Sms());

        Assert.Equal(new DeliveryResult.Sent(SidOfFirst()), result);
        Assert.Single(_twilio.Creates);
        Assert.Equal(1, _twilio.Created);
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task A_timeout_after_the_request_left_is_not_resent_and_the_lookup_finds_the_message()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl, ShortTimeout);
        var answer = new TaskCompletionSource();
        _twilio.Enqueue(new FakeTwilio.Reply(201, Hold: answer.Task));

        var result = await channels.SendAsync(Sms());
        answer.SetResult(); // the answer never came while the sender waited

        Assert.Equal(new DeliveryResult.Sent(SidOfFirst()), result);
        Assert.Single(_twilio.Creates);
        Assert.Single(_twilio.Lists);
        Assert.Equal(1, _twilio.Created);
    }

    [Fact]
    public async Task A_timeout_of_a_message_with_another_body_is_not_taken_for_this_one()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl, ShortTimeout);
        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms("T0") with { Body = "an earlier message" }));
        var answer = new TaskCompletionSource();
        _twilio.Enqueue(new FakeTwilio.Reply(504, Hold: answer.Task));

        var result = await channels.SendAsync(Sms("T1"));
        answer.SetResult();

        Assert.StartsWith("outcome unknown (no answer within 2 s; not found by lookup)", Assert.IsType<DeliveryResult.PermanentFailure>(result).Reason);
        Assert.Equal(2, _twilio.Creates.Count);
    }

    [Fact]
    public async Task Recipient_who_replied_STOP_21610_is_an_opt_out()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(FakeTwilio.Reply.Error(400, 21610));

        var result = await channels.SendAsync(Sms());

        Assert.Equal(new DeliveryResult.PermanentFailure("opted out (21610)", Suppress: true, OptedOut: true), result);
        Assert.Single(_twilio.Creates);
    }

    [Theory]
    [InlineData(21211)]
    [InlineData(21614)]
    public async Task An_invalid_or_non_mobile_number_is_permanent_and_suppressed(int code)
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(FakeTwilio.Reply.Error(400, code));

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await channels.SendAsync(Sms()));

        Assert.True(failure.Suppress);
        Assert.Contains($"({code})", failure.Reason);
        Assert.Single(_twilio.Creates);
    }

    [Fact]
    public async Task Another_client_error_is_permanent_without_suppressing_the_number()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(FakeTwilio.Reply.Error(400, 21602));

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await channels.SendAsync(Sms()));

        Assert.False(failure.Suppress);
        Assert.Contains("code 21602", failure.Reason);
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("+86123")]
    [InlineData("not a number")]
    [InlineData("")]
    public async Task A_number_that_is_not_E164_never_reaches_Twilio(string address)
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await channels.SendAsync(Sms(address: address)));

        Assert.True(failure.Suppress);
        Assert.Empty(_twilio.Requests);
    }

    [Fact]
    public async Task Twilio_unreachable_is_retried_then_a_transient_failure()
    {
        var closed = _twilio.BaseUrl;
        _twilio.Dispose(); // nothing listens there any more: every connection is refused before a request leaves
        using var channels = new TwilioChannels(closed);

        var result = await channels.SendAsync(Sms());

        Assert.StartsWith("Twilio not reached", Assert.IsType<DeliveryResult.TransientFailure>(result).Reason);
    }
}
