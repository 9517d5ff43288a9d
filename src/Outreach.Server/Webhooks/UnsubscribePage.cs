using System.Net;

namespace Outreach.Server.Webhooks;

/// <summary>The small pages a customer sees after following an unsubscribe link, in Chinese and English.</summary>
public static class UnsubscribePage
{
    public const string NotConfigured = "<h1>退订不可用 · Unsubscribe is not available</h1><p>请直接联系我们。 Please contact us directly.</p>";

    public const string Invalid = "<h1>链接无效 · This link is not valid</h1><p>请使用邮件中的完整链接。 Please use the complete link from the email.</p>";

    public const string Done = "<h1>已退订 · You are unsubscribed</h1><p>您将不再收到这些邮件。 You will not receive these emails any more.</p>";

    /// <summary>The page with the button that unsubscribes: a form posting <c>List-Unsubscribe=One-Click</c> back to the same link.</summary>
    public static string Confirm(string token) =>
        "<h1>退订邮件 · Unsubscribe</h1><p>确认不再接收这些邮件？ Stop receiving these emails?</p>" +
        $"<form method=\"post\" action=\"?token={WebUtility.HtmlEncode(Uri.EscapeDataString(token))}\">" +
        "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">" +
        "<button type=\"submit\">退订 · Unsubscribe</button></form>";

    public static IResult Html(int status, string body) => TypedResults.Content(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Unsubscribe</title></head><body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem\">" +
        body + "</body></html>", "text/html; charset=utf-8", statusCode: status);
}
