using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Outreach.Core;

namespace Outreach.Channels.WeChat;

/// <summary>
/// Sends the wechat channel's touches to the customer's openid, as a subscription notice when the touch's template is one
/// of <see cref="WeChatOptions.SubscribeTemplates"/> and as a template message otherwise (<see cref="WeChatMessages"/>).
/// A template message carries the touch id as <c>client_msg_id</c>, so a resend after an unknown outcome is deduplicated
/// by WeChat. A rejected token is renewed once and the send tried once more; every other answer is a value
/// (<see cref="WeChatErrcodes"/>).
/// </summary>
public sealed class WeChatTemplateSender(WeChatClient client, WeChatAccessTokens tokens, TimeProvider time, ILogger<WeChatTemplateSender> logger)
    : IChannelSender
{
    public Channel Channel => Channel.WeChat;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var options = client.Options;
        if (string.IsNullOrWhiteSpace(message.Address))
            return new DeliveryResult.PermanentFailure("no WeChat openid");
        var templateId = string.IsNullOrWhiteSpace(message.TemplateId) ? options.TemplateId : message.TemplateId;
        if (string.IsNullOrWhiteSpace(templateId))
            return new DeliveryResult.PermanentFailure($"no WeChat template: the message names none and {WeChatOptions.SectionName}:TemplateId is not set");

        var subscribe = options.IsSubscribeTemplate(templateId, out var notice);
        var body = subscribe ? WeChatMessages.Subscribe(message, templateId, notice!, options) : WeChatMessages.Template(message, templateId, options);
        Func<string, JsonObject, CancellationToken, Task<WeChatResponse>> send = subscribe ? client.SendSubscribeAsync : client.SendTemplateAsync;

        var current = await tokens.CurrentAsync(cancellationToken);
        if (current is not TokenOutcome.Ready { Token: var token }) return Unavailable(current);
        var response = await send(token.Value, body, cancellationToken);
        if (response is WeChatResponse.Answered { ErrCode: var code } && WeChatErrcodes.IsTokenRejected(code))
        {
            var renewed = await tokens.ReplaceRejectedAsync(token.Value, cancellationToken);
            if (renewed is not TokenOutcome.Ready ready) return Unavailable(renewed);
            response = await send(ready.Token.Value, body, cancellationToken);
        }
        var now = time.GetUtcNow();
        var result = subscribe ? WeChatErrcodes.ToSubscribeDelivery(response, now) : WeChatErrcodes.ToDelivery(response, now);
        logger.LogInformation("Touch {TouchId}: wechat {Kind} to {OpenId} → {Result}", message.TouchId, subscribe ? "subscription notice" : "template message",
            MaskOpenId(message.Address), result.GetType().Name);
        return result;
    }

    /// <summary>The openid for logs: its first four characters.</summary>
    public static string MaskOpenId(string openId) => openId.Length > 4 ? openId[..4] + "***" : "***";

    private static DeliveryResult Unavailable(TokenOutcome outcome) =>
        new DeliveryResult.TransientFailure(outcome is TokenOutcome.Unavailable u ? u.Reason : "no WeChat access token");
}
