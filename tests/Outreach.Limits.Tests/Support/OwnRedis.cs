using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outreach.Limits.Tests.Support;

/// <summary>A redis-server this test starts on a free loopback port and may kill by PID; the append-only file keeps its data across a kill.</summary>
public sealed class OwnRedis : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("outreach-own-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort();
    public string Endpoint => $"127.0.0.1:{Port}";

    public void Start()
    {
        _process = DotnetProcess.Start("redis-server",
            ["--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _directory, "--daemonize", "no"]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not start on port {Port}.");
    }

    /// <summary>SIGKILL, as a crash: nothing is flushed beyond what the append-only file already holds.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
