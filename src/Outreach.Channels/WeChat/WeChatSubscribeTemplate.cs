namespace Outreach.Channels.WeChat;

/// <summary>
/// A subscription-notice template (订阅通知) of the account, under <c>Channels:WeChat:SubscribeTemplates:{template id}</c>.
/// Its keywords are typed (<c>thing1</c>, <c>time2</c>, …) and WeChat wants every one of them, so each template names the
/// field the rendered body fills and gives the others fixed values.
/// </summary>
public sealed class WeChatSubscribeTemplate
{
    /// <summary>The keyword the rendered body goes into; a <c>thing</c> keyword takes at most 20 characters.</summary>
    public string BodyField { get; set; } = "thing1";

    /// <summary>The template's other keywords with fixed values.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];
}
