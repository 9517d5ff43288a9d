using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace Outreach.Channels.Email;

/// <summary>
/// Up to <see cref="EmailOptions.MaxConnections"/> connected, logged-in SMTP clients, each used by one send at a time
/// and kept open for the next; a send that finds every connection busy waits for one. A connection that failed is
/// dropped and a new one opened when next needed.
/// </summary>
internal sealed class SmtpConnectionPool(EmailOptions options, ILogger logger) : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConnections, options.MaxConnections);
    private readonly ConcurrentBag<SmtpConnection> _idle = [];
    private volatile bool _disposed;

    /// <summary>A connection for one send, <paramref name="reused"/> when it was opened for an earlier one (and may have gone stale since).</summary>
    public async Task<(SmtpConnection Connection, bool Reused)> RentAsync(bool fresh, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            while (!fresh && _idle.TryTake(out var idle))
            {
                if (idle.IsConnected) return (idle, true);
                idle.Dispose();
            }
            return (await ConnectAsync(cancellationToken), false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives the connection back: kept for the next send when <paramref name="healthy"/>, closed otherwise.</summary>
    public void Return(SmtpConnection connection, bool healthy)
    {
        if (healthy && connection.IsConnected && !_disposed) _idle.Add(connection);
        else connection.Dispose();
        _slots.Release();
    }

    private async Task<SmtpConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SmtpConnection { Timeout = (int)Math.Min(options.Timeout.TotalMilliseconds, int.MaxValue) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await connection.ConnectAsync(options.Host!, options.Port, SecureSocketOptionsOf(options.Security), timeout.Token);
            if (!string.IsNullOrEmpty(options.Username))
            {
                if (connection.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                    await connection.AuthenticateAsync(options.Username, options.Password ?? string.Empty, timeout.Token);
                else
                    logger.LogWarning("SMTP server {Host}:{Port} does not offer AUTH; sending without logging in", options.Host, options.Port);
            }
            logger.LogDebug("Connected to SMTP server {Host}:{Port}", options.Host, options.Port);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SecureSocketOptionsOf(EmailSecurity security) => security switch
    {
        EmailSecurity.StartTls => SecureSocketOptions.StartTls,
        EmailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    /// <summary>Says QUIT on every idle connection (briefly; a server that does not answer is just dropped).</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            using (connection)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try { await connection.DisconnectAsync(quit: true, quit.Token); }
                catch (Exception e) when (SmtpAnswers.IsConnectionFault(e)) { }
            }
        }
    }

    /// <summary>Closes every idle connection without a QUIT, for containers disposed synchronously.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection)) connection.Dispose();
    }
}
