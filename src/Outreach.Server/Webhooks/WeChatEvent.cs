using System.Xml;
using System.Xml.Linq;

namespace Outreach.Server.Webhooks;

/// <summary>
/// An event WeChat posts to the account's server URL (plaintext mode), e.g.
/// <c>&lt;xml&gt;&lt;FromUserName&gt;openid&lt;/FromUserName&gt;&lt;MsgType&gt;event&lt;/MsgType&gt;&lt;Event&gt;TEMPLATESENDJOBFINISH&lt;/Event&gt;&lt;MsgID&gt;200163836&lt;/MsgID&gt;&lt;Status&gt;success&lt;/Status&gt;&lt;/xml&gt;</c>;
/// a subscription-notice event carries its <see cref="Notices"/> instead (<see cref="WeChatNoticeItem"/>).
/// </summary>
public sealed record WeChatEvent(string? OpenId, string? MsgType, string? Event, string? MsgId, string? Status)
{
    public const string TemplateSendFinished = "TEMPLATESENDJOBFINISH";
    public const string Unsubscribed = "unsubscribe";
    public const string NoticeSent = "subscribe_msg_sent_event";
    public const string NoticeChanged = "subscribe_msg_change_event";
    public const string NoticePopup = "subscribe_msg_popup_event";

    /// <summary>The items of a subscription-notice event, one per template; empty for any other event.</summary>
    public IReadOnlyList<WeChatNoticeItem> Notices { get; init; } = [];

    private static readonly XmlReaderSettings Safe = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000, Async = true,
    };

    /// <summary>The event in <paramref name="body"/>, or null when it is not WeChat's <c>&lt;xml&gt;</c> message.</summary>
    public static async Task<WeChatEvent?> ReadAsync(Stream body, CancellationToken ct)
    {
        try
        {
            using var reader = XmlReader.Create(body, Safe);
            var root = (await XDocument.LoadAsync(reader, LoadOptions.None, ct)).Root;
            if (root?.Name.LocalName != "xml") return null;
            string? Field(string name) => Text(root, name);
            return new(Field("FromUserName"), Field("MsgType"), Field("Event"), Field("MsgID") ?? Field("MsgId"), Field("Status"))
            {
                Notices = root.Elements()
                    .Where(e => e.Name.LocalName is "SubscribeMsgSentEvent" or "SubscribeMsgChangeEvent" or "SubscribeMsgPopupEvent")
                    .Elements("List")
                    .Select(item => new WeChatNoticeItem(Text(item, "TemplateId"), Text(item, "MsgID") ?? Text(item, "MsgId"),
                        Text(item, "ErrorCode"), Text(item, "ErrorStatus"), Text(item, "SubscribeStatusString")))
                    .ToList(),
            };
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Whether this is the event of an account follower who unfollowed.</summary>
    public bool IsUnfollow => MsgType == "event" && string.Equals(Event, Unsubscribed, StringComparison.OrdinalIgnoreCase);

    /// <summary>The trimmed text of <paramref name="parent"/>'s child <paramref name="name"/>, or null when it is missing or empty.</summary>
    private static string? Text(XElement parent, string name) => parent.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>Whether this is the send-finished report of a template message.</summary>
    public bool IsTemplateSendFinished => MsgType == "event" && string.Equals(Event, TemplateSendFinished, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is the result of subscription notices sent (<c>subscribe/bizsend</c>).</summary>
    public bool IsNoticeSent => MsgType == "event" && string.Equals(Event, NoticeSent, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is a customer's choice about notice templates: the subscribe popup, or the notice settings.</summary>
    public bool IsNoticeChoice => MsgType == "event" && (string.Equals(Event, NoticePopup, StringComparison.OrdinalIgnoreCase)
                                                         || string.Equals(Event, NoticeChanged, StringComparison.OrdinalIgnoreCase));

    /// <summary>The report's status is "failed:user block": the follower refused the account's template messages.</summary>
    public bool IsUserBlock => Status is { } s && s.StartsWith("failed", StringComparison.OrdinalIgnoreCase) && IsUserBlockStatus(s);

    /// <summary>Whether a status WeChat reports reads "user block": the follower refused the account's messages.</summary>
    public static bool IsUserBlockStatus(string? status) => status?.Contains("user block", StringComparison.OrdinalIgnoreCase) == true;

    public bool IsSuccess => string.Equals(Status, "success", StringComparison.OrdinalIgnoreCase);
}
