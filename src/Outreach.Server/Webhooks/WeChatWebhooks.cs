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
    IOptions<WeChatOptions> wechat, ITouchLedger ledger, DeliveryReports deliveries, ISuppressionList suppressions, ILogger<WeChatWebhooks> logger)
{
    /// <summary>What WeChat expects back from an event it need not send again.</summary>
    public const string Success = "success";

    public IResult Verify(HttpRequest request) =>
        IsSigned(request) ? TypedResults.Text(request.Query["echostr"].ToString(), "text/plain") : Forbidden();

    /// <summary>
    /// A template send-finished event moves the touch sent as its <c>MsgID</c>: success → Delivered, "failed:user block" →
    /// Failed and the openid suppressed on wechat, any other failure → Failed. An unfollow suppresses the openid on wechat.
    /// </summary>
    public async Task<IResult> EventAsync(HttpRequest request, CancellationToken ct)
    {
        if (!IsSigned(request)) return Forbidden();
        if (await WeChatEvent.ReadAsync(request.Body, ct) is not { } received)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "The body is not a WeChat <xml> message (encrypted mode is not supported; use plaintext).");

        if (received.IsUnfollow || (received.IsTemplateSendFinished && received.IsUserBlock))
        {
            if (received.OpenId is { } openId)
            {
                await suppressions.AddAsync(Suppression.OfAddress(Channel.WeChat, openId, SuppressionReason.OptOut), ct);
                logger.LogInformation("WeChat {Event} from {OpenId}: suppressed on wechat", received.Event, WeChatTemplateSender.MaskOpenId(openId));
            }
        }
        if (received.IsTemplateSendFinished && received.MsgId is { } msgId)
        {
            var (status, reason) = received.IsSuccess ? (TouchStatus.Delivered, "delivered")
                : received.IsUserBlock ? (TouchStatus.Failed, "user block: refused the account's messages")
                : (TouchStatus.Failed, received.Status ?? "failed");
            var touch = await ledger.FindByProviderIdAsync(Channel.WeChat, msgId, ct);
            await deliveries.RecordAsync(Channel.WeChat, touch?.TouchId ?? "", msgId, status, reason, ct);
        }
        // WeChat retries an event it gets no answer to; anything but "success" (or empty) also shows the follower an error.
        return TypedResults.Text(Success, "text/plain");
    }

    private bool IsSigned(HttpRequest request) =>
        WeChatSignature.IsValid(wechat.Value.CallbackToken ?? "", request.Query["timestamp"], request.Query["nonce"], request.Query["signature"]);

    private IResult Forbidden()
    {
        logger.LogWarning(string.IsNullOrEmpty(wechat.Value.CallbackToken)
            ? "WeChat webhook refused: Channels:WeChat:CallbackToken is not set, so no signature can be checked"
            : "WeChat webhook refused: missing or wrong signature");
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "The request is not signed with the account's callback token (signature, timestamp, nonce).");
    }
}
