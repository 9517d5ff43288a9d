namespace Outreach.Channels.WeChat;

/// <summary>The Mini Program page a tap on a WeChat message opens (<c>Channels:WeChat:MiniProgram</c>); it wins over the web page.</summary>
public sealed class WeChatMiniProgram
{
    /// <summary>The Mini Program's AppID; it must be linked to the Official Account.</summary>
    public string? AppId { get; set; }

    /// <summary>The page, with parameters if any (e.g. <c>pages/renew/index?from=wechat</c>).</summary>
    public string? PagePath { get; set; }
}
