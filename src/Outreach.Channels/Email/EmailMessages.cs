using System.Security.Cryptography;
using System.Text;
using MimeKit;
using Outreach.Core;

namespace Outreach.Channels.Email;

/// <summary>Turns a rendered touch into the MIME message that goes out.</summary>
public sealed class EmailMessages(EmailOptions options, UnsubscribeLinks unsubscribeLinks, TimeProvider time)
{
    /// <summary>The value of <c>List-Unsubscribe-Post</c> that asks for RFC 8058 one-click unsubscribe.</summary>
    public const string OneClick = "List-Unsubscribe=One-Click";

    /// <summary>
    /// The Message-ID of a touch (without angle brackets): a hash of the touch id at the sender's domain. The same touch
    /// always gets the same id, so a resend is recognisable as one (and deduplicated by receivers that do), while the
    /// id tells a reader nothing about the campaign or the customer.
    /// </summary>
    public static string MessageIdFor(string touchId, string fromAddress)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(touchId));
        return "touch." + Convert.ToHexStringLower(hash, 0, 16) + "@" + fromAddress[(fromAddress.LastIndexOf('@') + 1)..];
    }

    public MimeMessage Create(OutboundMessage touch, MailboxAddress to)
    {
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(touch.TouchId, options.From!),
            Date = time.GetUtcNow(),
            Subject = touch.Subject ?? string.Empty,
            Body = BodyOf(touch),
        };
        message.From.Add(new MailboxAddress(options.FromName, options.From!));
        message.To.Add(to);
        var url = unsubscribeLinks.UrlFor(options.UnsubscribeBaseUrl!, touch.CustomerId, Channel.Email, touch.TouchId);
        message.Headers.Add(HeaderId.ListUnsubscribe, "<" + url + ">");
        message.Headers.Add(HeaderId.ListUnsubscribePost, OneClick);
        return message;
    }

    private static MimeEntity BodyOf(OutboundMessage touch)
    {
        var text = Part("plain", touch.Body);
        return string.IsNullOrEmpty(touch.Html) ? text : new MultipartAlternative { text, Part("html", touch.Html) };
    }

    private static TextPart Part(string subtype, string content)
    {
        var part = new TextPart(subtype);
        part.SetText(Encoding.UTF8, content);
        return part;
    }
}
