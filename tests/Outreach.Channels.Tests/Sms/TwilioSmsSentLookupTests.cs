using Outreach.Channels.Tests.Support;
using Outreach.Channels.Tests.Twilio;

namespace Outreach.Channels.Tests.Sms;

/// <summary>The "was it already sent?" lookup the dispatcher makes before sending a touch claimed again after a crash.</summary>
public sealed class TwilioSmsSentLookupTests : IDisposable
{
    private const string Number = "+8613800138000";
    private const string OtherNumber = "+8613900139000";

    private readonly FakeTwilio _twilio = new();

    public void Dispose() => _twilio.Dispose();

    private static OutboundMessage Sms(string touchId = "run1:0:C1", string address = Number) => Messages.For(touchId) with { Address = address };

    private static Task<DeliveryResult?> FindSentAsync(TwilioChannels channels, OutboundMessage message) =>
        Assert.IsAssignableFrom<ISentLookup>(channels.Sender(message.Channel)).FindSentAsync(message, CancellationToken.None);

    [Fact]
    public async Task A_message_an_earlier_attempt_sent_is_found_through_the_rate_limited_sender_without_a_second_create()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        var sent = Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms()));

        var found = await FindSentAsync(channels, Sms());

        Assert.Equal(sent, found);
        Assert.Single(_twilio.Creates);
        var lookup = Assert.Single(_twilio.Lists);
        Assert.Equal(Number, lookup.Query.Single(p => p.Key == "To").Value);
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task A_message_never_sent_is_not_found_and_then_goes_out()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        Assert.Null(await FindSentAsync(channels, Sms()));

        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms()));
        Assert.Single(_twilio.Creates);
    }

    [Fact]
    public async Task A_message_with_another_body_or_to_another_number_is_not_taken_for_it()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms("T0") with { Body = "an earlier message" }));
        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms("T2", OtherNumber)));

        Assert.Null(await FindSentAsync(channels, Sms()));
    }

    [Fact]
    public async Task A_message_older_than_the_window_is_not_taken_for_it_and_the_window_is_configurable()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        using var longer = new TwilioChannels(_twilio.BaseUrl, new Dictionary<string, string?> { ["Channels:Twilio:SentLookupWindow"] = "2.00:00:00" });
        var sent = Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms()));
        _twilio.Age(TimeSpan.FromHours(25));

        Assert.Null(await FindSentAsync(channels, Sms()));
        Assert.Equal(sent, await FindSentAsync(longer, Sms()));
    }

    [Fact]
    public async Task A_lookup_that_fails_is_transient_so_the_touch_waits_instead_of_going_twice()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.ListStatus = 503;

        var unknown = Assert.IsType<DeliveryResult.TransientFailure>(await FindSentAsync(channels, Sms()));

        Assert.StartsWith("could not check whether an earlier attempt already sent it (the list could not be read)", unknown.Reason);
        Assert.Empty(_twilio.Creates);
        Assert.Equal(4, _twilio.Lists.Count); // the read and its three retries
        // The next attempt looks again, and once Twilio answers "not there" the touch goes.
        _twilio.ListStatus = null;
        Assert.Null(await FindSentAsync(channels, Sms()));
    }

    [Fact]
    public async Task A_full_page_inside_the_window_without_the_message_is_inconclusive()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        for (var i = 0; i < 50; i++)
            Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Sms($"T{i}") with { Body = $"message {i}" }));
        Assert.Equal(50, _twilio.Created);

        var unknown = Assert.IsType<DeliveryResult.TransientFailure>(await FindSentAsync(channels, Sms()));

        Assert.Contains("more than 50 to the number in the window", unknown.Reason);
        Assert.Equal(50, _twilio.Created);
    }

    [Fact]
    public async Task A_number_that_is_not_E164_is_not_looked_up()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        Assert.Null(await FindSentAsync(channels, Sms(address: "13800138000")));

        Assert.Empty(_twilio.Requests);
    }
}
