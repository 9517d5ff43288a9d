using System.Globalization;

namespace Outreach.Channels.WeChat;

/// <summary>What WeChat's errcodes mean for a template send or a subscription notice (see PROVIDERS.md, "WeChat Official Account").</summary>
public static class WeChatErrcodes
{
    /// <summary>China Standard Time, where WeChat's daily quotas start over at midnight.</summary>
    private static readonly TimeSpan QuotaDayOffset = TimeSpan.FromHours(8);

    /// <summary>Whether <paramref name="errcode"/> says the access token was invalid or expired (renew once, send again).</summary>
    public static bool IsTokenRejected(int errcode) => errcode is 40001 or 40014 or 42001;

    /// <summary>The delivery outcome of a template send's answer, at <paramref name="now"/>.</summary>
    public static DeliveryResult ToDelivery(WeChatResponse response, DateTimeOffset now) => response switch
    {
        WeChatResponse.Answered { ErrCode: 0, MsgId: { Length: > 0 } msgid } => new DeliveryResult.Sent(msgid),
        WeChatResponse.Answered { ErrCode: 0 } => new DeliveryResult.Sent("wechat-ok"),
        WeChatResponse.Answered { ErrCode: -1 } => new DeliveryResult.TransientFailure("WeChat is busy (-1)"),
        WeChatResponse.Answered { ErrCode: 45009 } => new DeliveryResult.TransientFailure("WeChat daily quota reached (45009)", UntilNextQuotaDay(now)),
        WeChatResponse.Answered { ErrCode: 45011 } => new DeliveryResult.TransientFailure("WeChat per-minute quota reached (45011)", TimeSpan.FromSeconds(60)),
        WeChatResponse.Answered { ErrCode: var code } when IsTokenRejected(code) =>
            new DeliveryResult.TransientFailure($"WeChat rejected the access token again ({Text(code)})"),
        // Not following the account: unreachable on WeChat for now, not a reason to drop the contact; fall back.
        WeChatResponse.Answered { ErrCode: 43004 } => new DeliveryResult.PermanentFailure("not following the Official Account (43004)"),
        WeChatResponse.Answered { ErrCode: 43101 } => new DeliveryResult.PermanentFailure("refused messages from the Official Account (43101)", Suppress: true, OptedOut: true),
        WeChatResponse.Answered { ErrCode: 40003 } => new DeliveryResult.PermanentFailure("invalid openid (40003)", Suppress: true),
        WeChatResponse.Answered { ErrCode: 40037 } a => new DeliveryResult.PermanentFailure(
            $"invalid template id (40037): {a.ErrMsg}; a subscription-notice template goes in {WeChatOptions.SectionName}:SubscribeTemplates"),
        WeChatResponse.Answered { ErrCode: 47003 } a => new DeliveryResult.PermanentFailure($"template data rejected (47003): {a.ErrMsg}"),
        WeChatResponse.Answered a => new DeliveryResult.PermanentFailure($"WeChat rejected the message ({Text(a.ErrCode)}): {a.ErrMsg}"),
        // The send may have been taken; its resend carries the same client_msg_id, which WeChat deduplicates.
        WeChatResponse.Failed f => new DeliveryResult.TransientFailure($"WeChat not reached or no answer: {f.Reason}"),
        _ => throw new InvalidOperationException($"Unknown WeChat response {response}."),
    };

    /// <summary>
    /// The delivery outcome of a subscription notice's answer: as <see cref="ToDelivery"/>, except 43101. For a notice it
    /// means the customer holds no subscription to its template (never gave one, or used up a one-time one), which the
    /// customer can give again: unreachable by this notice, so the touch falls back, but not an opt-out.
    /// </summary>
    public static DeliveryResult ToSubscribeDelivery(WeChatResponse response, DateTimeOffset now) => response switch
    {
        WeChatResponse.Answered { ErrCode: 43101 } => new DeliveryResult.PermanentFailure("no subscription to this notice's template (43101)"),
        WeChatResponse.Answered { ErrCode: 40037 } a => new DeliveryResult.PermanentFailure($"invalid subscription-notice template id (40037): {a.ErrMsg}"),
        WeChatResponse.Answered { ErrCode: 47003 } a => new DeliveryResult.PermanentFailure(
            $"notice data rejected (47003): {a.ErrMsg}; a thing keyword takes at most 20 characters, a time or date keyword only a time or date"),
        _ => ToDelivery(response, now),
    };

    /// <summary>The time left until the next midnight in China Standard Time.</summary>
    public static TimeSpan UntilNextQuotaDay(DateTimeOffset now)
    {
        var local = now.ToOffset(QuotaDayOffset);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), QuotaDayOffset);
        return midnight - now;
    }

    private static string Text(int code) => code.ToString(CultureInfo.InvariantCulture);
}
