using Microsoft.Extensions.DependencyInjection;
using Outreach.Channels.Tests.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.Twilio;

/// <summary>The channels area as the engine gets it, with Twilio configured to send to a fake on loopback.</summary>
public sealed class TwilioChannels : IDisposable
{
    public const string From = "+15005550006";
    public const string CallFrom = "+15005550007";
    public const string Callback = "https://outreach.example.com/webhooks/twilio/status";

    private readonly TempFolder _folder = new();
    private readonly ServiceProvider _services;

    public TwilioChannels(string baseUrl, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Channels:Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["Channels:Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["Channels:Twilio:From"] = From,
            ["Channels:Twilio:CallFrom"] = CallFrom,
            ["Channels:Twilio:BaseUrl"] = baseUrl,
            ["Channels:Twilio:StatusCallbackUrl"] = Callback,
            ["Channels:Twilio:Timeout"] = "00:00:30", // generous for a loaded CI machine; the timeout tests shorten it
            ["Channels:Twilio:RetryDelay"] = "00:00:00.010",
            ["Channels:Twilio:MaxRetries"] = "3",
            ["Channels:RateLimits:sms:PerSecond"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        _services = Services.Channels(_folder, all);
    }

    public IServiceProvider Provider => _services;

    public IChannelSender Sender(Channel channel) =>
        _services.GetRequiredService<ChannelSenders>().TryGet(channel, out var sender) ? sender : throw new InvalidOperationException($"no {channel} sender");

    public Task<DeliveryResult> SendAsync(OutboundMessage message) => Sender(message.Channel).SendAsync(message, CancellationToken.None);

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }
}
