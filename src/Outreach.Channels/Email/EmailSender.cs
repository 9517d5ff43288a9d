using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core;

namespace Outreach.Channels.Email;

/// <summary>
/// Sends email over SMTP (MailKit): text with an HTML alternative, one-click unsubscribe headers (RFC 8058), and a
/// Message-ID derived from the touch id, which is also the provider id. Connections are pooled and reused
/// (<see cref="SmtpConnectionPool"/>). Server answers come back as values (<see cref="SmtpAnswers"/>).
/// </summary>
/// <remarks>
/// A connection that dies before the server accepted <c>MAIL FROM</c> cannot have delivered anything, so a stale pooled
/// connection costs one immediate retry on a new one. A connection that dies later leaves the outcome unknown: that is a
/// transient failure, and a resend carries the same Message-ID, so it is recognisable as the same message.
/// </remarks>
public sealed class EmailSender : IChannelSender, IAsyncDisposable, IDisposable
{
    private readonly EmailMessages _messages;
    private readonly SmtpConnectionPool _pool;
    private readonly ILogger<EmailSender> _logger;

    public EmailSender(IOptions<EmailOptions> options, UnsubscribeLinks unsubscribeLinks, TimeProvider time, ILogger<EmailSender> logger)
    {
        _messages = new EmailMessages(options.Value, unsubscribeLinks, time);
        _pool = new SmtpConnectionPool(options.Value, logger);
        _logger = logger;
    }

    public Channel Channel => Channel.Email;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!EmailAddresses.TryParse(message.Address, out var to))
        {
            _logger.LogWarning("Touch {TouchId}: {To} is not a valid email address; not sent", message.TouchId, EmailAddresses.Mask(message.Address));
            return SmtpAnswers.InvalidAddress();
        }
        var mime = _messages.Create(message, to);
        var result = await DeliverAsync(mime, cancellationToken);
        _logger.LogInformation("Touch {TouchId}: email to {To} → {Result}", message.TouchId, EmailAddresses.Mask(message.Address), Describe(result));
        return result;
    }

    private async Task<DeliveryResult> DeliverAsync(MimeKit.MimeMessage mime, CancellationToken cancellationToken)
    {
        for (var fresh = false; ; fresh = true)
        {
            SmtpConnection connection;
            bool reused;
            try
            {
                (connection, reused) = await _pool.RentAsync(fresh, cancellationToken);
            }
            catch (Exception fault) when (!cancellationToken.IsCancellationRequested && SmtpAnswers.IsConnectionFault(fault))
            {
                return SmtpAnswers.FromFault(fault);
            }

            var healthy = false;
            try
            {
                connection.BeginMessage();
                await connection.SendAsync(mime, cancellationToken);
                healthy = true;
                return new DeliveryResult.Sent(mime.MessageId!);
            }
            catch (SmtpCommandException rejection)
            {
                // 421: the server is closing the connection; anything else is about this message and the session goes on.
                healthy = rejection.StatusCode != SmtpStatusCode.ServiceNotAvailable;
                return SmtpAnswers.FromRejection(rejection);
            }
            catch (Exception fault) when (!cancellationToken.IsCancellationRequested && SmtpAnswers.IsConnectionFault(fault))
            {
                if (reused && !connection.TransactionStarted)
                {
                    _logger.LogDebug("A pooled SMTP connection had gone stale ({Fault}); sending over a new one", fault.GetType().Name);
                    continue;
                }
                return SmtpAnswers.FromFault(fault);
            }
            finally
            {
                _pool.Return(connection, healthy);
            }
        }
    }

    private static string Describe(DeliveryResult result) => result switch
    {
        DeliveryResult.PermanentFailure failure => $"permanent failure: {failure.Reason}",
        DeliveryResult.TransientFailure failure => $"transient failure: {failure.Reason}",
        _ => "sent",
    };

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    public void Dispose() => _pool.Dispose();
}
