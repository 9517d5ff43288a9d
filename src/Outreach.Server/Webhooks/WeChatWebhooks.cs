using Microsoft.Extensions.Options;
using Outreach.Channels.WeChat;
using Outreach.Core;
using Outreach.Limits.Suppression;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Webhooks;

/// <summary>
/// The Official Account's server URL: WeChat's verification (<c>GET</c>, echo <c>echostr</c>) and its events (<c>POST</c>,
/// plaintext XML), each signed with the account's callback token (<see cref="WeChatOptions.CallbackToken"/>); an unsigned
/// or wrongly signed request is 403.
/// </summary>
public sealed class WeChatWebhooks(
    IOptions<WeChatOptions> wechat, ITouchLedger ledger, DeliveryReports deliveries, ISuppressionList suppressions, TimeProvider time,
    ILogger<WeChatWebhooks> logger)
{
    /// <summary>
    /// How far a signed request's timestamp may be from this server's clock. WeChat sends at once and retries within
    /// seconds; a request signed long ago is a replay of a captured one (the signature does not cover the body's age).
    /// </summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(5);

    /// <summary>What WeChat expects back from an event it need not send again.</summary>
    public const string Success = "success";

    public IResult Verify(HttpRequest request) =>
        IsSigned(request) ? TypedResults.Text(request.Query["echostr"].ToString(), "text/plain") : Forbidden();

    /// <summary>
    /// A template send-finished event moves the touch sent as its <c>MsgID</c>: success → Delivered, "failed:user block" →
    /// Failed and the openid suppressed on wechat, any other failure → Failed. A subscription-notice result does the same
    /// for each of its items (ErrorCode 0 → Delivered, otherwise Failed with the ErrorStatus). An unfollow suppresses the
    /// openid on wechat; a notice template the customer rejects is only logged (see <see cref="LogNoticeChoices"/>).
    /// </summary>
    public async Task<IResult> EventAsync(HttpRequest request, CancellationToken ct)
    {
        if (!IsSigned(request)) return Forbidden();
        if (await WeChatEvent.ReadAsync(request.Body, ct) is not { } received)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "The body is not a WeChat <xml> message (encrypted mode is not supported; use plaintext).");

        var notices = received.IsNoticeSent ? received.Notices.Where(n => n.MsgId is not null).ToList() : [];
        if (received.IsUnfollow || (received.IsTemplateSendFinished && received.IsUserBlock) || notices.Any(n => n.IsUserBlock))
        {
            if (received.OpenId is { } openId)
            {
                await suppressions.AddAsync(Suppression.OfAddress(Channel.WeChat, openId, SuppressionReason.OptOut), ct);
                logger.LogInformation("WeChat {Event} from {OpenId}: suppressed on wechat", received.Event, WeChatTemplateSender.MaskOpenId(openId));
            }
        }
        if (received.IsTemplateSendFinished && received.MsgId is { } msgId)
            await RecordAsync(msgId, received.IsSuccess, received.IsUserBlock, received.Status ?? "failed", ct);
        foreach (var notice in notices)
            await RecordAsync(notice.MsgId!, notice.IsDelivered, notice.IsUserBlock,
                notice.ErrorStatus ?? $"failed ({notice.ErrorCode ?? "no ErrorCode"})", ct);
        if (received.IsNoticeChoice) LogNoticeChoices(received);
        // WeChat retries an event it gets no answer to; anything but "success" (or empty) also shows the follower an error.
        return TypedResults.Text(Success, "text/plain");
    }

    /// <summary>
    /// Applies a report to the touch WeChat sent as <paramref name="msgId"/>: delivered, or failed for a user block or
    /// with <paramref name="failure"/>. WeChat is answered "success" whatever came of it.
    /// </summary>
    private async Task RecordAsync(string msgId, bool delivered, bool userBlock, string failure, CancellationToken ct)
    {
        var (status, reason) = delivered ? (TouchStatus.Delivered, "delivered")
            : userBlock ? (TouchStatus.Failed, "user block: refused the account's messages")
            : (TouchStatus.Failed, failure);
        var touch = await ledger.FindByProviderIdAsync(Channel.WeChat, msgId, ct);
        await deliveries.RecordAsync(Channel.WeChat, touch?.TouchId ?? "", msgId, status, reason, ct);
    }

    /// <summary>
    /// A rejected notice template is logged, not suppressed: it withdraws the customer's subscription to that one template,
    /// which WeChat then enforces itself (a notice of it answers 43101 and the touch falls back to the next channel, as
    /// any notice without a subscription does), while template messages and other notices still reach the customer.
    /// </summary>
    private void LogNoticeChoices(WeChatEvent received)
    {
        foreach (var rejected in received.Notices.Where(n => n.IsRejected))
            logger.LogInformation("WeChat {Event} from {OpenId}: rejected notices of template {TemplateId}; not suppressed (notices of it now fall back)",
                received.Event, WeChatTemplateSender.MaskOpenId(received.OpenId ?? ""), rejected.TemplateId);
    }

    private bool IsSigned(HttpRequest request) =>
        WeChatSignature.IsValid(wechat.Value.CallbackToken ?? "", request.Query["timestamp"], request.Query["nonce"], request.Query["signature"])
        && IsFresh(request.Query["timestamp"]);

    private bool IsFresh(string? timestamp) =>
        long.TryParse(timestamp, out var seconds)
        && (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).Duration() <= FreshFor;

    private IResult Forbidden()
    {
        logger.LogWarning(string.IsNullOrEmpty(wechat.Value.CallbackToken)
            ? "WeChat webhook refused: Channels:WeChat:CallbackToken is not set, so no signature can be checked"
            : "WeChat webhook refused: missing or wrong signature, or signed more than 5 minutes from now");
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "The request is not signed with the account's callback token (signature, timestamp, nonce), or not within 5 minutes of now.");
    }
}
