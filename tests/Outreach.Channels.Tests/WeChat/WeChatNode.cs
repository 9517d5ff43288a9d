using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Channels.Extensions;
using Outreach.Channels.Tests.Support;
using Outreach.Channels.WeChat;
using Outreach.Core;

namespace Outreach.Channels.Tests.WeChat;

/// <summary>
/// One Outreach node's channels area with WeChat configured to send to a fake on loopback; with <paramref name="redisPrefix"/>
/// it shares its access token with every other node through the test Redis (its own connection, as a separate process would).
/// </summary>
public sealed class WeChatNode : IDisposable
{
    public const string TemplateId = "tmpl-renewal-0001";

    /// <summary>A subscription-notice template of the account (<c>SubscribeTemplates</c>): body in thing1, phrase2 fixed.</summary>
    public const string SubscribeTemplateId = "sub-renewal-0002";
    public const string Url = "https://shop.example.com/renew";
    public const string OpenId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    private readonly TempFolder _folder = new();
    private readonly ServiceProvider _services;

    public WeChatNode(string baseUrl, TimeProvider? time = null, string? redisPrefix = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Channels:Outbox:Path"] = _folder.PathOf("outbox.jsonl"),
            ["Channels:WeChat:AppId"] = FakeWeChat.AppId,
            ["Channels:WeChat:AppSecret"] = FakeWeChat.AppSecret,
            ["Channels:WeChat:BaseUrl"] = baseUrl,
            ["Channels:WeChat:TemplateId"] = TemplateId,
            ["Channels:WeChat:BodyField"] = "thing1",
            ["Channels:WeChat:Fields:remark"] = "回复TD退订",
            ["Channels:WeChat:Url"] = Url,
            [$"Channels:WeChat:SubscribeTemplates:{SubscribeTemplateId}:BodyField"] = "thing1",
            [$"Channels:WeChat:SubscribeTemplates:{SubscribeTemplateId}:Fields:phrase2"] = "会员续费",
            ["Channels:WeChat:Timeout"] = "00:00:30", // generous: a loaded CI machine must not turn a slow fake into a timeout
        };
        if (redisPrefix is not null)
        {
            _ = TestRedis.Connection; // fails the test, with the reason, when the test Redis is not there
            all["Limits:Redis"] = TestRedis.Endpoint;
            all["Channels:WeChat:RedisKeyPrefix"] = redisPrefix;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        if (time is not null) services.AddSingleton(time);
        _services = services.AddOutreachChannels(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        // As a host does at start: the Redis connection is opened before the first send, not inside a busy batch.
        _services.GetRequiredService<IWeChatTokenStore>();
    }

    public IServiceProvider Provider => _services;

    public IChannelSender Sender =>
        _services.GetRequiredService<ChannelSenders>().TryGet(Channel.WeChat, out var sender) ? sender : throw new InvalidOperationException("no wechat sender");

    public Task<DeliveryResult> SendAsync(string touchId, string body = "您的会员已到期，续费享新品试用", string? templateId = null) =>
        Sender.SendAsync(Message(touchId, body, templateId), CancellationToken.None);

    public static OutboundMessage Message(string touchId, string body = "您的会员已到期，续费享新品试用", string? templateId = null) =>
        new(touchId, "renewal-reminder", "C" + touchId, Channel.WeChat, OpenId, body) { TemplateId = templateId };

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }
}
