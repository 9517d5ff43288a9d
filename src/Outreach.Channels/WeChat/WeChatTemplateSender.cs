using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Outreach.Core;

namespace Outreach.Channels.WeChat;

/// <summary>
/// Sends the wechat channel's touches as Official Account template messages to the customer's openid: the rendered body
/// fills <see cref="WeChatOptions.BodyField"/>, the fixed <see cref="WeChatOptions.Fields"/> the rest, and the touch id
/// becomes the <c>client_msg_id</c>, so a resend after an unknown outcome is deduplicated by WeChat. A rejected token is
/// renewed once and the send tried once more; every other answer is a value (<see cref="WeChatErrcodes.ToDelivery"/>).
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

        var body = TemplateMessage(message, templateId, options);
        var current = await tokens.CurrentAsync(cancellationToken);
        if (current is not TokenOutcome.Ready { Token: var token }) return Unavailable(current);
        var response = await client.SendTemplateAsync(token.Value, body, cancellationToken);
        if (response is WeChatResponse.Answered { ErrCode: var code } && WeChatErrcodes.IsTokenRejected(code))
        {
            var renewed = await tokens.ReplaceRejectedAsync(token.Value, cancellationToken);
            if (renewed is not TokenOutcome.Ready ready) return Unavailable(renewed);
            response = await client.SendTemplateAsync(ready.Token.Value, body, cancellationToken);
        }
        var result = WeChatErrcodes.ToDelivery(response, time.GetUtcNow());
        logger.LogInformation("Touch {TouchId}: wechat to {OpenId} → {Result}", message.TouchId, MaskOpenId(message.Address), result.GetType().Name);
        return result;
    }

    /// <summary>The <c>client_msg_id</c> of a touch: the hex SHA-256 of its id, 64 characters, the same on every resend.</summary>
    public static string ClientMsgId(string touchId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(touchId)));

    /// <summary>The openid for logs: its first four characters.</summary>
    public static string MaskOpenId(string openId) => openId.Length > 4 ? openId[..4] + "***" : "***";

    private static JsonObject TemplateMessage(OutboundMessage message, string templateId, WeChatOptions options)
    {
        var data = new JsonObject { [options.BodyField] = new JsonObject { ["value"] = message.Body } };
        foreach (var (field, value) in options.Fields) data[field] = new JsonObject { ["value"] = value };
        var body = new JsonObject
        {
            ["touser"] = message.Address,
            ["template_id"] = templateId,
            ["client_msg_id"] = ClientMsgId(message.TouchId),
            ["data"] = data,
        };
        if (!string.IsNullOrWhiteSpace(options.Url)) body["url"] = options.Url;
        return body;
    }

    private static DeliveryResult Unavailable(TokenOutcome outcome) =>
        new DeliveryResult.TransientFailure(outcome is TokenOutcome.Unavailable u ? u.Reason : "no WeChat access token");
}
