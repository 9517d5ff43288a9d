using System.Net.Sockets;
using System.Text;
using MimeKit;
using Outreach.Channels.Tests.Support;

namespace Outreach.Channels.Tests.Email.Support;

/// <summary>
/// The shared test SMTP sink (aiosmtpd from tests/services.sh): OUTREACH_TEST_SMTP, default 127.0.0.1:2525, storing mail
/// in the Maildir OUTREACH_TEST_MAILDIR (default .test-services/maildir). Tests fail, never skip, when it is not there.
/// </summary>
public static class TestSmtp
{
    public static string Endpoint => Environment.GetEnvironmentVariable("OUTREACH_TEST_SMTP") is { Length: > 0 } endpoint ? endpoint : "127.0.0.1:2525";

    public static string Maildir => Environment.GetEnvironmentVariable("OUTREACH_TEST_MAILDIR") is { Length: > 0 } maildir
        ? maildir
        : RepoFiles.Path(".test-services/maildir");

    public static string Host => Endpoint[..Endpoint.LastIndexOf(':')];

    public static int Port => int.Parse(Endpoint[(Endpoint.LastIndexOf(':') + 1)..]);

    /// <summary>Throws, naming how to start it, when nothing answers at <see cref="Endpoint"/>.</summary>
    public static void EnsureRunning()
    {
        // A sink started into an existing empty folder has no tmp/new/cur (Python creates them only with the folder) and
        // answers every message with 500.
        foreach (var sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(Maildir, sub));
        try
        {
            using var probe = new TcpClient();
            probe.Connect(Host, Port);
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException(
                $"The test SMTP server at {Endpoint} is not reachable ({e.SocketErrorCode}): start it (eval \"$(bash tests/services.sh start)\") or set OUTREACH_TEST_SMTP and OUTREACH_TEST_MAILDIR.");
        }
    }

    /// <summary>The message with <paramref name="messageId"/> as it arrived in the Maildir, waiting up to five seconds for it.</summary>
    public static async Task<MimeMessage> ReceivedAsync(string messageId)
    {
        var needle = Encoding.ASCII.GetBytes("<" + messageId + ">");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            foreach (var folder in new[] { "new", "cur" }.Select(sub => Path.Combine(Maildir, sub)).Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                if (bytes.AsSpan().IndexOf(needle) < 0) continue;
                using var stream = new MemoryStream(bytes);
                var message = await MimeMessage.LoadAsync(stream);
                if (message.MessageId == messageId) return message;
            }
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"No message <{messageId}> arrived in {Maildir} within 5 seconds.");
            await Task.Delay(50);
        }
    }

    /// <summary>A touch id no other run used, so the Message-ID derived from it is new in the shared Maildir.</summary>
    public static string NewTouchId() => "T-" + Guid.NewGuid().ToString("N");
}
