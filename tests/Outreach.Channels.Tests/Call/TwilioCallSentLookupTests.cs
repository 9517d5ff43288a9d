using Outreach.Channels.Tests.Support;
using Outreach.Channels.Tests.Twilio;
using Outreach.Core;

namespace Outreach.Channels.Tests.Call;

/// <summary>
/// The "was it already placed?" lookup of calls. Twilio's call list has no TwiML, so any call from our number to the
/// customer's within the window counts.
/// </summary>
public sealed class TwilioCallSentLookupTests : IDisposable
{
    private const string Number = "+8613800138000";

    private readonly FakeTwilio _twilio = new();

    public void Dispose() => _twilio.Dispose();

    private static OutboundMessage Call(string address = Number) =>
        Messages.For("run1:0:C1", Channel.Call, "您好，会员到期提醒") with { Address = address };

    private static Task<DeliveryResult?> FindSentAsync(TwilioChannels channels, OutboundMessage message) =>
        Assert.IsAssignableFrom<ISentLookup>(channels.Sender(message.Channel)).FindSentAsync(message, CancellationToken.None);

    [Fact]
    public async Task A_call_an_earlier_attempt_placed_is_found_without_a_second_call()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        var placed = Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Call()));

        Assert.Equal(placed, await FindSentAsync(channels, Call()));

        Assert.Single(_twilio.Creates);
        var lookup = Assert.Single(_twilio.Lists);
        Assert.EndsWith("/Calls.json", lookup.Path);
        Assert.Equal(Number, lookup.Query.Single(p => p.Key == "To").Value);
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task A_call_never_placed_is_not_found_and_then_goes_out()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        Assert.Null(await FindSentAsync(channels, Call()));

        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Call()));
        Assert.Single(_twilio.Creates);
    }

    [Fact]
    public async Task A_call_to_another_number_from_another_number_or_an_sms_is_not_taken_for_it()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        using var otherLine = new TwilioChannels(_twilio.BaseUrl, new Dictionary<string, string?> { ["Channels:Twilio:CallFrom"] = "+15005550009" });
        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Call("+8613900139000")));
        Assert.IsType<DeliveryResult.Sent>(await otherLine.SendAsync(Call()));
        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Call() with { Channel = Channel.Sms }));

        Assert.Null(await FindSentAsync(channels, Call()));
    }

    [Fact]
    public async Task A_call_older_than_the_window_is_not_taken_for_it()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Call()));
        _twilio.Age(TimeSpan.FromHours(25));

        Assert.Null(await FindSentAsync(channels, Call()));
    }

    [Fact]
    public async Task A_lookup_that_fails_is_transient()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.ListStatus = 500;

        Assert.IsType<DeliveryResult.TransientFailure>(await FindSentAsync(channels, Call()));
        Assert.Empty(_twilio.Creates);
    }
}
