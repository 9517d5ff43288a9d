using System.Net.Sockets;
using System.Security.Authentication;
using MailKit;
using MailKit.Net.Smtp;

namespace Outreach.Channels.Email;

/// <summary>What an SMTP server's answer, or the lack of one, means for the touch.</summary>
public static class SmtpAnswers
{
    public static DeliveryResult.PermanentFailure InvalidAddress() =>
        new("not a valid email address; not sent", Suppress: true);

    /// <summary>
    /// A rejection: 5xx is final, and when the server refused the recipient's mailbox (550/551/553, not a 5.7.x policy
    /// block, which is about us rather than the address) the address is not used again. 4xx asks for a later retry.
    /// </summary>
    public static DeliveryResult FromRejection(SmtpCommandException rejection)
    {
        var code = (int)rejection.StatusCode;
        var reason = $"SMTP {code} ({rejection.ErrorCode}): {EmailAddresses.MaskWithin(FirstLine(rejection.Message))}";
        if (code is >= 500 and < 600)
        {
            var mailboxGone = rejection.ErrorCode == SmtpErrorCode.RecipientNotAccepted
                && code is 550 or 551 or 553
                && !rejection.Message.Contains("5.7.", StringComparison.Ordinal);
            return new DeliveryResult.PermanentFailure(reason, Suppress: mailboxGone);
        }
        return new DeliveryResult.TransientFailure(reason);
    }

    /// <summary>
    /// A failure that is not an answer about this message: the server unreachable, gone mid-session, too slow, TLS or
    /// login refused. None of it is the customer's doing, so the touch waits and is tried again.
    /// </summary>
    public static DeliveryResult.TransientFailure FromFault(Exception fault) => fault switch
    {
        AuthenticationException or MailKit.Security.SslHandshakeException => new($"SMTP TLS handshake failed: {FirstLine(fault.Message)}"),
        MailKit.Security.AuthenticationException => new("SMTP login refused; check Channels:Email:Username and Channels:Email:Password"),
        SocketException socket => new($"SMTP server not reachable ({socket.SocketErrorCode})"),
        OperationCanceledException or TimeoutException => new("SMTP server did not answer in time"),
        _ => new($"SMTP connection failed: {EmailAddresses.MaskWithin(FirstLine(fault.Message))}"),
    };

    /// <summary>Whether <paramref name="fault"/> is one <see cref="FromFault"/> answers; anything else is a bug and is thrown.</summary>
    public static bool IsConnectionFault(Exception fault) => fault is IOException or SocketException or SmtpProtocolException
        or ServiceNotConnectedException or ServiceNotAuthenticatedException or MailKit.Security.AuthenticationException
        or AuthenticationException or MailKit.Security.SslHandshakeException or NotSupportedException or TimeoutException or OperationCanceledException;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
