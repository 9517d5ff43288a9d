namespace Outreach.Server.Webhooks;

/// <summary>
/// The replies that opt a number out of SMS: Twilio's standard English keywords and the Chinese convention
/// (TD, 退订). The whole message must be the keyword, trimmed, in any case; "stop by tomorrow" is not an opt-out.
/// </summary>
public static class OptOutKeywords
{
    private static readonly HashSet<string> Keywords =
        new(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "TD", "退订"], StringComparer.OrdinalIgnoreCase);

    public static bool IsOptOut(string? body) => body is not null && Keywords.Contains(body.Trim());
}
