using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Outreach.Channels.WeChat;

/// <summary>The JSON bodies of the two kinds of WeChat message a touch can become (see PROVIDERS.md, "WeChat Official Account").</summary>
public static class WeChatMessages
{
    /// <summary>The <c>client_msg_id</c> of a touch: the hex SHA-256 of its id, 64 characters, the same on every resend.</summary>
    public static string ClientMsgId(string touchId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(touchId)));

    /// <summary>A template message (<c>template/send</c>): the body in <see cref="WeChatOptions.BodyField"/>, the touch id as <c>client_msg_id</c>.</summary>
    public static JsonObject Template(OutboundMessage message, string templateId, WeChatOptions options)
    {
        var body = new JsonObject
        {
            ["touser"] = message.Address,
            ["template_id"] = templateId,
            ["client_msg_id"] = ClientMsgId(message.TouchId),
            ["data"] = Data(message.Body, options.BodyField, options.Fields),
        };
        if (!string.IsNullOrWhiteSpace(options.Url)) body["url"] = options.Url;
        AddMiniProgram(body, options);
        return body;
    }

    /// <summary>A subscription notice (<c>subscribe/bizsend</c>): the body in the template's own keyword, the web page as <c>page</c>.</summary>
    public static JsonObject Subscribe(OutboundMessage message, string templateId, WeChatSubscribeTemplate template, WeChatOptions options)
    {
        var body = new JsonObject
        {
            ["touser"] = message.Address,
            ["template_id"] = templateId,
            ["data"] = Data(message.Body, template.BodyField, template.Fields),
        };
        if (!string.IsNullOrWhiteSpace(options.Url)) body["page"] = options.Url;
        AddMiniProgram(body, options);
        return body;
    }

    private static JsonObject Data(string text, string bodyField, Dictionary<string, string> fields)
    {
        var data = new JsonObject { [bodyField] = new JsonObject { ["value"] = text } };
        foreach (var (field, value) in fields) data[field] = new JsonObject { ["value"] = value };
        return data;
    }

    private static void AddMiniProgram(JsonObject body, WeChatOptions options)
    {
        if (options.MiniProgram is { AppId: { Length: > 0 } appId, PagePath: { Length: > 0 } pagePath })
            body["miniprogram"] = new JsonObject { ["appid"] = appId, ["pagepath"] = pagePath };
    }
}
