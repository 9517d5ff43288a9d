namespace Outreach.Core;

/// <summary>A way of reaching a customer. The YAML and config names are the lower-case forms.</summary>
public enum Channel
{
    Sms,
    Call,
    Email,
    WeChat,
}

/// <summary>The names marketers write for channels (<c>sms</c>, <c>call</c>, <c>email</c>, <c>wechat</c>).</summary>
public static class ChannelNames
{
    public static readonly IReadOnlyList<string> All = ["sms", "call", "email", "wechat"];

    public static string ToName(this Channel channel) => channel switch
    {
        Channel.Sms => "sms",
        Channel.Call => "call",
        Channel.Email => "email",
        Channel.WeChat => "wechat",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    public static bool TryParse(string? name, out Channel channel)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "sms": channel = Channel.Sms; return true;
            case "call": case "voice": channel = Channel.Call; return true;
            case "email": channel = Channel.Email; return true;
            case "wechat": channel = Channel.WeChat; return true;
            default: channel = default; return false;
        }
    }
}
