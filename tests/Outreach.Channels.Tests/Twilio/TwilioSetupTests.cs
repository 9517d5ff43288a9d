using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Channels.Call;
using Outreach.Channels.Extensions;
using Outreach.Channels.Outbox;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Sms;
using Outreach.Channels.Tests.Support;
using Outreach.Channels.Twilio;
using Outreach.Core;

namespace Outreach.Channels.Tests.Twilio;

public sealed class TwilioSetupTests
{
    [Fact]
    public void With_an_account_sid_sms_and_call_go_through_Twilio_behind_their_rate_limits_and_the_rest_stays_on_the_outbox()
    {
        using var channels = new TwilioChannels("http://127.0.0.1:9", new Dictionary<string, string?> { ["Channels:RateLimits:call:PerSecond"] = "2" });

        Assert.IsType<TwilioSmsSender>(Assert.IsType<RateLimitedSender>(channels.Sender(Channel.Sms)).Inner);
        Assert.IsType<TwilioCallSender>(Assert.IsType<RateLimitedSender>(channels.Sender(Channel.Call)).Inner);
        Assert.IsType<OutboxSender>(channels.Sender(Channel.Email));
        Assert.IsType<OutboxSender>(channels.Sender(Channel.WeChat));
    }

    [Fact]
    public void The_shipped_config_documents_Twilio_without_secrets_and_keeps_sms_and_call_on_the_outbox()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFiles.Path("config/channels.json")).Build();
        var section = configuration.GetSection(TwilioOptions.SectionName);
        Assert.True(section.Exists());
        Assert.True(string.IsNullOrEmpty(section["AccountSid"]));
        Assert.True(string.IsNullOrEmpty(section["AuthToken"]));
        Assert.Equal("https://api.twilio.com", section.Get<TwilioOptions>()!.BaseUrl);

        using var services = new ServiceCollection().AddOutreachChannels(configuration).BuildServiceProvider();
        var senders = services.GetRequiredService<ChannelSenders>();
        Assert.True(senders.TryGet(Channel.Sms, out var sms));
        Assert.IsType<OutboxSender>(Assert.IsType<RateLimitedSender>(sms).Inner);
    }

    [Fact]
    public void The_shipped_config_with_secrets_from_the_environment_validates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFiles.Path("config/channels.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Channels:Twilio:AccountSid"] = FakeTwilio.AccountSid,
                ["Channels:Twilio:AuthToken"] = FakeTwilio.AuthToken,
                ["Channels:Twilio:From"] = TwilioChannels.From,
            }).Build();
        using var services = new ServiceCollection().AddOutreachChannels(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        Assert.Equal(TwilioChannels.From, options.EffectiveCallFrom);
        Assert.True(services.GetRequiredService<ChannelSenders>().TryGet(Channel.Sms, out var sms));
        Assert.IsType<TwilioSmsSender>(Assert.IsType<RateLimitedSender>(sms).Inner);
    }

    [Fact]
    public void Every_mistake_in_the_section_names_its_key()
    {
        var options = new TwilioOptions
        {
            AccountSid = "SK123", AuthToken = " ", BaseUrl = "api.twilio.com", StatusCallbackUrl = "/webhooks/twilio/status",
            Timeout = TimeSpan.Zero, MaxRetries = -1, SentLookupWindow = TimeSpan.Zero,
        };

        Assert.Equal(
        [
            "Channels:Twilio:AccountSid must be AC followed by 32 hex digits.",
            "Channels:Twilio:AuthToken is required; set it in the environment (Channels__Twilio__AuthToken), not in a file.",
            "Channels:Twilio:From or Channels:Twilio:MessagingServiceSid is required for sms.",
            "Channels:Twilio:CallFrom (or Channels:Twilio:From) is required for calls.",
            "Channels:Twilio:BaseUrl must be an absolute http(s) URL (it is 'api.twilio.com').",
            "Channels:Twilio:StatusCallbackUrl must be an absolute http(s) URL (it is '/webhooks/twilio/status').",
            "Channels:Twilio:Timeout must be greater than 0 (it is 00:00:00).",
            "Channels:Twilio:MaxRetries must be between 0 and 10 (it is -1).",
            "Channels:Twilio:SentLookupWindow must be greater than 0 (it is 00:00:00).",
        ], options.Validate());
    }

    [Fact]
    public void Machine_detection_is_Enable_DetectMessageEnd_or_unset()
    {
        TwilioOptions With(string? detection) => new()
        {
            AccountSid = FakeTwilio.AccountSid, AuthToken = FakeTwilio.AuthToken, From = TwilioChannels.From, MachineDetection = detection,
        };

        Assert.Empty(With(null).Validate());
        Assert.Empty(With("Enable").Validate());
        Assert.Empty(With("DetectMessageEnd").Validate());
        Assert.Equal(["Channels:Twilio:MachineDetection must be Enable or DetectMessageEnd, or unset (it is 'true')."], With("true").Validate());
    }

    [Fact]
    public void A_bad_section_fails_when_the_senders_are_built_naming_the_key()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?> { ["Channels:Twilio:AccountSid"] = FakeTwilio.AccountSid });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ChannelSenders>());
        Assert.Contains("Channels:Twilio:AuthToken is required", error.Message);
    }

    [Fact]
    public void The_callback_url_carries_the_touch_id()
    {
        Assert.Equal("https://o.example.com/webhooks/twilio/status?touch=run%2F1%3A0%3AC%201",
            new TwilioOptions { StatusCallbackUrl = "https://o.example.com/webhooks/twilio/status" }.StatusCallbackFor("run/1:0:C 1"));
        Assert.Equal("https://o.example.com/s?k=1&touch=T1", new TwilioOptions { StatusCallbackUrl = "https://o.example.com/s?k=1" }.StatusCallbackFor("T1"));
        Assert.Null(new TwilioOptions().StatusCallbackFor("T1"));
    }

    [Fact]
    public void The_spec_check_catches_an_undeclared_parameter_a_missing_group_and_an_unknown_path()
    {
        const string messages = "/2010-04-01/Accounts/" + FakeTwilio.AccountSid + "/Messages.json";
        const string form = "application/x-www-form-urlencoded";

        Assert.Empty(TwilioSpec.Check("POST", messages, form, [new("To", "+8613800138000"), new("From", "+15005550006"), new("Body", "hi")], []));
        Assert.Contains(TwilioSpec.Check("POST", messages, form, [new("To", "+1"), new("From", "+1"), new("Body", "hi"), new("Text", "x")], []),
            v => v.Contains("Text is not declared"));
        Assert.Contains(TwilioSpec.Check("POST", messages, form, [new("To", "+1"), new("Body", "hi")], []),
            v => v.Contains("[from, messaging_service_sid]"));
        Assert.Contains(TwilioSpec.Check("POST", messages, form, [new("From", "+1"), new("Body", "hi")], []), v => v.Contains("To is missing"));
        Assert.Contains(TwilioSpec.Check("POST", messages, "application/json", [], []), v => v.Contains("content type"));
        Assert.Contains(TwilioSpec.Check("GET", messages, null, [], [new("Recipient", "+1")]), v => v.Contains("Recipient is not declared"));
        Assert.Contains(TwilioSpec.Check("POST", "/2010-04-01/Accounts/x/Sms.json", form, [], []), v => v.Contains("no such path"));
        Assert.Contains(TwilioSpec.Check("POST", "/2010-04-01/Accounts/x/Calls.json", form, [new("To", "+1"), new("From", "+1")], []),
            v => v.Contains("[url, twiml, application_sid]"));
    }
}
