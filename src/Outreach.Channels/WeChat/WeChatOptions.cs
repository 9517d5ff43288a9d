using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Outreach.Channels.WeChat;

/// <summary>
/// The WeChat Official Account the wechat channel sends template messages and subscription notices through (section
/// <c>Channels:WeChat</c>). The channel uses the API only when <see cref="AppId"/> is set; otherwise it stays on the outbox.
/// The secret comes from the environment (<c>Channels__WeChat__AppSecret</c>), never from a file or a campaign, and is never logged.
/// </summary>
public sealed class WeChatOptions
{
    public const string SectionName = "Channels:WeChat";

    /// <summary>The account's AppID (<c>wx</c> + 16 characters).</summary>
    public string? AppId { get; set; }

    /// <summary>The account's AppSecret, which buys access tokens.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Where the API is; tests point it at a fake on loopback.</summary>
    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary>The template of a touch whose message names none.</summary>
    public string? TemplateId { get; set; }

    /// <summary>The template field the rendered body goes into (e.g. <c>thing1</c> or <c>keyword1</c>).</summary>
    public string BodyField { get; set; } = "keyword1";

    /// <summary>Template fields with fixed values (e.g. <c>remark</c>), sent with every message.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>The web page a tap on the message opens (a template message's <c>url</c>, a subscription notice's <c>page</c>); none when unset.</summary>
    public string? Url { get; set; }

    /// <summary>The Mini Program page a tap opens instead of <see cref="Url"/>; none when unset.</summary>
    public WeChatMiniProgram? MiniProgram { get; set; }

    /// <summary>
    /// The account's subscription-notice templates (订阅通知), by template id. A touch whose template (the campaign message's
    /// <c>template_id</c>, or <see cref="TemplateId"/>) is listed goes out as a subscription notice (<c>subscribe/bizsend</c>),
    /// any other as a template message: the template decides, as it does at WeChat, which takes each only on its own API.
    /// </summary>
    public Dictionary<string, WeChatSubscribeTemplate> SubscribeTemplates { get; set; } = [];

    /// <summary>Whether <paramref name="templateId"/> is one of <see cref="SubscribeTemplates"/>, and which.</summary>
    public bool IsSubscribeTemplate(string templateId, [NotNullWhen(true)] out WeChatSubscribeTemplate? template) =>
        SubscribeTemplates.TryGetValue(templateId, out template);

    /// <summary>
    /// How long before its expiry the shared access token is renewed (one node renews, the others keep using it); at most
    /// 5 minutes, because <c>stable_token</c> hands out a new token only in the old one's last 5 minutes.
    /// </summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one HTTP request may take. A send that times out is a transient failure; its resend carries the same <c>client_msg_id</c>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node waits for another node's token renewal before giving the touch back as a transient failure.</summary>
    public TimeSpan TokenWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first part of the Redis keys of the shared token (<c>{prefix}:wechat:token:{appid}</c>).</summary>
    public string RedisKeyPrefix { get; set; } = "outreach";

    /// <summary>
    /// The Token set for the account's server configuration (服务器配置): WeChat signs every request to Outreach's
    /// <c>/webhooks/wechat</c> with it. Unset, those requests are refused. From the environment (<c>Channels__WeChat__CallbackToken</c>).
    /// </summary>
    public string? CallbackToken { get; set; }

    /// <summary>Every mistake in the section, each naming its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var key = SectionName;
        if (string.IsNullOrWhiteSpace(AppId))
            errors.Add($"{key}:AppId is required (the Official Account's AppID, wx...).");
        if (string.IsNullOrWhiteSpace(AppSecret))
            errors.Add($"{key}:AppSecret is required; set it in the environment (Channels__WeChat__AppSecret), not in a file.");
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
            errors.Add($"{key}:BaseUrl must be an absolute http(s) URL (it is '{BaseUrl}').");
        if (string.IsNullOrWhiteSpace(BodyField))
            errors.Add($"{key}:BodyField is required (the template field the message body goes into, e.g. thing1).");
        else if (Fields.ContainsKey(BodyField))
            errors.Add($"{key}:Fields:{BodyField} clashes with {key}:BodyField; the body already fills that field.");
        if (!string.IsNullOrWhiteSpace(Url) && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
            errors.Add($"{key}:Url must be an absolute http(s) URL (it is '{Url}').");
        if (MiniProgram is { } miniProgram && (string.IsNullOrWhiteSpace(miniProgram.AppId) || string.IsNullOrWhiteSpace(miniProgram.PagePath)))
            errors.Add($"{key}:MiniProgram needs both AppId and PagePath (it has {(string.IsNullOrWhiteSpace(miniProgram.AppId) ? "no AppId" : "no PagePath")}).");
        foreach (var (templateId, template) in SubscribeTemplates)
        {
            var at = $"{key}:SubscribeTemplates:{templateId}";
            if (string.IsNullOrWhiteSpace(template.BodyField))
                errors.Add($"{at}:BodyField is required (the keyword the message body goes into, e.g. thing1).");
            else if (template.Fields.ContainsKey(template.BodyField))
                errors.Add($"{at}:Fields:{template.BodyField} clashes with {at}:BodyField; the body already fills that keyword.");
        }
        if (RefreshBefore < TimeSpan.Zero || RefreshBefore > TimeSpan.FromMinutes(5))
            errors.Add($"{key}:RefreshBefore must be between 0 and 5 minutes (it is {RefreshBefore}): stable_token hands out a new token only in the old one's last 5 minutes.");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"{key}:Timeout must be greater than 0 (it is {Timeout}).");
        if (TokenWait <= TimeSpan.Zero)
            errors.Add($"{key}:TokenWait must be greater than 0 (it is {TokenWait}).");
        if (string.IsNullOrWhiteSpace(RedisKeyPrefix))
            errors.Add($"{key}:RedisKeyPrefix must not be empty.");
        return errors;
    }
}

/// <summary>Names every mistake in <c>Channels:WeChat</c> when the options are first used (at start under a host).</summary>
internal sealed class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
