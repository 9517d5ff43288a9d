namespace Outreach.Channels.WeChat;

/// <summary>An access token of the Official Account and when WeChat stops accepting it.</summary>
public sealed record WeChatToken(string Value, DateTimeOffset ExpiresAt);
