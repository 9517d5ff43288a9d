namespace Outreach.Channels.WeChat;

/// <summary>What became of one request to the WeChat API, as a value.</summary>
public abstract record WeChatResponse
{
    /// <summary>
    /// WeChat answered with JSON: <paramref name="ErrCode"/> 0 (or none) is success. A token answer carries
    /// <paramref name="AccessToken"/> and <paramref name="ExpiresIn"/> (seconds), a template send or a notice its <paramref name="MsgId"/>
    /// (the id WeChat's delivery event names later).
    /// </summary>
    public sealed record Answered(int ErrCode, string ErrMsg, string? MsgId = null, string? AccessToken = null, int? ExpiresIn = null) : WeChatResponse;

    /// <summary>No usable answer: the connection failed, the request timed out, or WeChat answered a non-JSON or HTTP error.</summary>
    public sealed record Failed(string Reason) : WeChatResponse;
}
