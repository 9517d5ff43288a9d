namespace Outreach.Server.Webhooks;

/// <summary>
/// One <c>&lt;List&gt;</c> item of a subscription-notice event (订阅通知的事件推送,
/// developers.weixin.qq.com/doc/service/guide/product/subscription_messages/push). WeChat's shapes, one item per template:
/// <list type="bullet">
/// <item><c>subscribe_msg_sent_event</c>: <c>&lt;SubscribeMsgSentEvent&gt;&lt;List&gt;&lt;TemplateId/&gt;&lt;MsgID&gt;1700827132819554304&lt;/MsgID&gt;&lt;ErrorCode&gt;0&lt;/ErrorCode&gt;&lt;ErrorStatus&gt;success&lt;/ErrorStatus&gt;&lt;/List&gt;…</c>,
/// the result of a <c>bizsend</c> (ErrorCode 0 is success; WeChat says a failure here is only an asynchronous system failure).</item>
/// <item><c>subscribe_msg_popup_event</c> (<c>SubscribeMsgPopupEvent</c>) and <c>subscribe_msg_change_event</c>
/// (<c>SubscribeMsgChangeEvent</c>): <c>&lt;List&gt;&lt;TemplateId/&gt;&lt;SubscribeStatusString&gt;accept|reject&lt;/SubscribeStatusString&gt;&lt;/List&gt;…</c>.</item>
/// </list>
/// </summary>
public sealed record WeChatNoticeItem(string? TemplateId, string? MsgId, string? ErrorCode, string? ErrorStatus, string? SubscribeStatus)
{
    /// <summary>The notice reached the customer: <c>ErrorCode</c> 0.</summary>
    public bool IsDelivered => ErrorCode == "0";

    /// <summary>
    /// The result reads "user block", as the template path's "failed:user block": the follower refused the account's
    /// messages. WeChat documents no refusal result for notices, so only that wording counts as one.
    /// </summary>
    public bool IsUserBlock => !IsDelivered && WeChatEvent.IsUserBlockStatus(ErrorStatus);

    /// <summary>The customer said no to notices of this template (the popup's "取消", or "拒收" in the notice settings).</summary>
    public bool IsRejected => string.Equals(SubscribeStatus, "reject", StringComparison.OrdinalIgnoreCase);
}
