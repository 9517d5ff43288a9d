using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Engine.Tests.Support;

/// <summary>The campaign and customers most dispatch tests use.</summary>
internal static class Sample
{
    /// <summary>A one-step marketing coupon for customers tagged <c>target</c>, over WeChat, else SMS; no holdout.</summary>
    public const string Coupon = """
        id: coupon
        name: Coupon
        timezone: Asia/Shanghai
        schedule: "0 0 10 * * ?"
        audience:
          tags: { any: [target] }
        holdout: 0
        offer: { code: SAVE10 }
        variants:
          - name: only
            weight: 100
            channels: [wechat, sms]
            messages:
              wechat: "{{ customer.name }}, here is {{ offer.code }}"
              sms: "{{ customer.name }}: {{ offer.code }} reply T to stop"
        """;

    /// <summary>A customer tagged <c>target</c>, reachable (and opted in) on WeChat and SMS, in Shanghai unless told.</summary>
    public static Customer Target(string id, string? phone = "+8613800138000", string? openId = "oWeChatOpenId000000000000001",
        ConsentStatus wechat = ConsentStatus.OptedIn, ConsentStatus sms = ConsentStatus.OptedIn, string? timeZone = "Asia/Shanghai") => new()
    {
        Id = id, Name = id.ToUpperInvariant(), Phone = phone, WeChatOpenId = openId, TimeZone = timeZone, Tags = ["target"],
        Consent = new Dictionary<Channel, ConsentStatus> { [Channel.WeChat] = wechat, [Channel.Sms] = sms },
        CreatedAt = EngineHarness.Now.AddDays(-100),
    };

    /// <summary>22:00 in New York at <see cref="EngineHarness.Now"/>: quiet hours until 09:00 there, 14:00 UTC.</summary>
    public static readonly DateTimeOffset NewYorkNineAm = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(-5));
}
