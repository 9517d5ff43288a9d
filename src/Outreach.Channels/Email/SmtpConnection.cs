using MailKit.Net.Smtp;
using MimeKit;

namespace Outreach.Channels.Email;

/// <summary>An SMTP client that knows whether the server accepted <c>MAIL FROM</c> for the message being sent.</summary>
internal sealed class SmtpConnection : SmtpClient
{
    /// <summary>
    /// False until the server accepted the sender of the current message: a failure before then is certain not to have
    /// delivered anything, so the message can go again over another connection without risking a duplicate.
    /// </summary>
    public bool TransactionStarted { get; private set; }

    public void BeginMessage() => TransactionStarted = false;

    protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        TransactionStarted = true;
        base.OnSenderAccepted(message, mailbox, response);
    }
}
