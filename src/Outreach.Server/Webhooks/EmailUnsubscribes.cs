using Outreach.Channels.Email;
using Outreach.Core;
using Outreach.Limits.Suppression;

namespace Outreach.Server.Webhooks;

/// <summary>
/// The one-click unsubscribe links the email channel puts in <c>List-Unsubscribe</c> (<see cref="UnsubscribeLinks"/>).
/// <c>POST</c> with <c>List-Unsubscribe=One-Click</c> (RFC 8058, what mail clients send) suppresses the customer on the
/// token's channel at once, as often as it comes; <c>GET</c> only shows a page whose button posts, because link scanners
/// and previews open links nobody clicked.
/// </summary>
public sealed class EmailUnsubscribes(UnsubscribeLinks? links, ISuppressionList suppressions, ILogger<EmailUnsubscribes> logger)
{
    public IResult Page(HttpRequest request)
    {
        if (links is null) return UnsubscribePage.Html(StatusCodes.Status404NotFound, UnsubscribePage.NotConfigured);
        var token = request.Query["token"].ToString();
        if (token.Length == 0) return UnsubscribePage.Html(StatusCodes.Status400BadRequest, UnsubscribePage.Invalid);
        return links.TryRead(token, out _, out _, out _)
            ? UnsubscribePage.Html(StatusCodes.Status200OK, UnsubscribePage.Confirm(token))
            : UnsubscribePage.Html(StatusCodes.Status403Forbidden, UnsubscribePage.Invalid);
    }

    public async Task<IResult> OneClickAsync(HttpRequest request, CancellationToken ct)
    {
        if (links is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                detail: $"Unsubscribe links are not configured on this server ({EmailOptions.SectionName}:{nameof(EmailOptions.UnsubscribeSecret)}).");
        var token = request.Query["token"].ToString();
        if (token.Length == 0) return Bad("token", "The query must carry the link's token (?token=...).");
        var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
        if (form?["List-Unsubscribe"].ToString() != "One-Click")
            return Bad("List-Unsubscribe", "The body must be List-Unsubscribe=One-Click (RFC 8058).");
        if (!links.TryRead(token, out var customerId, out var channel, out var touchId))
        {
            logger.LogWarning("Unsubscribe refused: the token is malformed or not signed with this server's secret");
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "The unsubscribe token is not valid: edited, truncated or signed with another secret.");
        }
        await suppressions.AddAsync(Suppression.OfCustomer(channel, customerId, SuppressionReason.OptOut), ct);
        logger.LogInformation("Touch {TouchId}: the customer unsubscribed from {Channel}", touchId, channel.ToName());
        return UnsubscribePage.Html(StatusCodes.Status200OK, UnsubscribePage.Done);
    }

    private static IResult Bad(string field, string detail) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, detail: detail);
}
