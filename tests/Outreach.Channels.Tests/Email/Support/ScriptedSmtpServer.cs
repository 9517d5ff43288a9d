using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Outreach.Channels.Tests.Email.Support;

/// <summary>
/// Just enough of an SMTP server on loopback to give the answers a real test sink will not: scripted replies to
/// <c>RCPT TO</c>, <c>DATA</c> and <c>AUTH</c>, a dropped connection, a silent server. It counts what it saw.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections, _open, _maxOpen, _delivered;

    public ScriptedSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Replies to successive <c>RCPT TO</c> commands, e.g. <c>550 5.1.1 no such user</c>; when none is left, 250.</summary>
    public ConcurrentQueue<string> RecipientReplies { get; } = new();

    /// <summary>The reply after the message content.</summary>
    public string DataReply { get; set; } = "250 2.0.0 queued";

    /// <summary>When set, the server offers <c>AUTH PLAIN</c> and answers every login with it.</summary>
    public string? AuthReply { get; set; }

    /// <summary>How long the server takes to accept message content.</summary>
    public TimeSpan DataDelay { get; set; }

    /// <summary>Closes the connection, without a word, after each accepted message (as an idle timeout would).</summary>
    public bool DropAfterEachMessage { get; set; }

    /// <summary>Accepts connections but never greets.</summary>
    public bool Silent { get; set; }

    public int Connections => Volatile.Read(ref _connections);

    public int MostConnectionsAtOnce => Volatile.Read(ref _maxOpen);

    public int Delivered => Volatile.Read(ref _delivered);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var open = Interlocked.Increment(ref _open);
        for (var max = _maxOpen; open > max; max = _maxOpen) Interlocked.CompareExchange(ref _maxOpen, open, max);
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                async Task Say(string reply) => await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), _stop.Token);
                if (Silent)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                await Say("220 scripted ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await Say(AuthReply is null ? "250 scripted" : "250-scripted\r\n250 AUTH PLAIN");
                            break;
                        case "AUTH":
                            if (line.Trim().Equals("AUTH PLAIN", StringComparison.OrdinalIgnoreCase))
                            {
                                await Say("334 ");
                                await reader.ReadLineAsync(_stop.Token);
                            }
                            await Say(AuthReply ?? "502 5.5.1 no AUTH here");
                            break;
                        case "MAIL":
                            await Say("250 2.1.0 OK");
                            break;
                        case "RCPT":
                            var reply = RecipientReplies.TryDequeue(out var scripted) ? scripted : "250 2.1.5 OK";
                            await Say(reply);
                            if (reply.StartsWith("421", StringComparison.Ordinal)) return;
                            break;
                        case "DATA":
                            await Say("354 end with <CRLF>.<CRLF>");
                            while (await reader.ReadLineAsync(_stop.Token) is { } content && content != ".") { }
                            await Task.Delay(DataDelay, _stop.Token);
                            if (DataReply.StartsWith('2')) Interlocked.Increment(ref _delivered);
                            await Say(DataReply);
                            if (DropAfterEachMessage) return;
                            break;
                        case "RSET" or "NOOP":
                            await Say("250 2.0.0 OK");
                            break;
                        case "QUIT":
                            await Say("221 2.0.0 bye");
                            return;
                        default:
                            await Say("502 5.5.2 not implemented");
                            break;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
