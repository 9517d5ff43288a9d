using System.Xml.Linq;
using Outreach.Channels.Call;
using Outreach.Channels.Tests.Support;
using Outreach.Channels.Tests.Twilio;
using Outreach.Core;

namespace Outreach.Channels.Tests.Call;

public sealed class TwilioCallSenderTests : IDisposable
{
    private readonly FakeTwilio _twilio = new();

    public void Dispose() => _twilio.Dispose();

    private static OutboundMessage Call(string body = "您好 <会员> & 续费提醒", string address = "+8613800138000") =>
        Messages.For("run1:0:C1", Channel.Call, body) with { Address = address, Voice = "Polly.Zhiyu", Language = "cmn-CN" };

    [Fact]
    public async Task A_call_says_the_message_in_the_campaigns_voice_and_language_as_the_description_says()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        var result = await channels.SendAsync(Call());

        var request = Assert.Single(_twilio.Requests);
        Assert.Equal(new DeliveryResult.Sent("CA" + 1.ToString("x32")), result);
        Assert.Equal($"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Calls.json", request.Path);
        Assert.Equal("+8613800138000", request["To"]);
        Assert.Equal(TwilioChannels.CallFrom, request["From"]);
        Assert.Equal($"{TwilioChannels.Callback}?touch=run1%3A0%3AC1", request["StatusCallback"]);
        Assert.Equal(["answered", "completed"], request.All("StatusCallbackEvent"));
        var twiml = XElement.Parse(request["Twiml"]!);
        Assert.Equal("Response", twiml.Name.LocalName);
        var say = Assert.Single(twiml.Elements());
        Assert.Equal("Say", say.Name.LocalName);
        Assert.Equal("Polly.Zhiyu", (string?)say.Attribute("voice"));
        Assert.Equal("cmn-CN", (string?)say.Attribute("language"));
        Assert.Equal("您好 <会员> & 续费提醒", say.Value);
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task Without_voice_language_or_callback_the_call_still_conforms()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl, new Dictionary<string, string?>
        {
            ["Channels:Twilio:StatusCallbackUrl"] = null,
            ["Channels:Twilio:CallFrom"] = null, // falls back to From
        });

        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Call() with { Voice = null, Language = null }));

        var request = Assert.Single(_twilio.Requests);
        Assert.Equal(TwilioChannels.From, request["From"]);
        Assert.Equal("<Response><Say>您好 &lt;会员&gt; &amp; 续费提醒</Say></Response>", request["Twiml"]);
        Assert.Equal(["To", "From", "Twiml"], request.Form.Select(p => p.Key));
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task A_text_too_long_for_TwiML_is_a_permanent_failure_and_never_sent()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await channels.SendAsync(Call(new string('长', TwilioCallSender.MaxTwimlLength))));

        Assert.Contains("TwiML", failure.Reason);
        Assert.Empty(_twilio.Requests);
    }

    [Fact]
    public async Task A_number_that_is_not_E164_is_never_called()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await channels.SendAsync(Call(address: "010-1234")));

        Assert.True(failure.Suppress);
        Assert.Empty(_twilio.Requests);
    }

    [Fact]
    public async Task A_500_is_not_redialled_and_a_call_created_anyway_is_found()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);
        _twilio.Enqueue(new FakeTwilio.Reply(500, Creates: true));

        var result = await channels.SendAsync(Call());

        Assert.Equal(new DeliveryResult.Sent("CA" + 1.ToString("x32")), result);
        Assert.Single(_twilio.Creates);
        Assert.Single(_twilio.Lists);
        Assert.Empty(_twilio.Violations);
    }

    [Theory]
    [InlineData("Enable")]
    [InlineData("DetectMessageEnd")]
    public async Task With_machine_detection_configured_the_call_asks_for_it_as_the_description_allows(string detection)
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl, new Dictionary<string, string?> { ["Channels:Twilio:MachineDetection"] = detection });

        Assert.IsType<DeliveryResult.Sent>(await channels.SendAsync(Call()));

        Assert.Equal(detection, Assert.Single(_twilio.Requests)["MachineDetection"]);
        Assert.Empty(_twilio.Violations);
    }

    [Fact]
    public async Task Without_machine_detection_the_call_does_not_ask_for_it()
    {
        using var channels = new TwilioChannels(_twilio.BaseUrl);

        await channels.SendAsync(Call());

        Assert.DoesNotContain(Assert.Single(_twilio.Requests).Form, p => p.Key == "MachineDetection");
    }
}
