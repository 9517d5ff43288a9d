using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outreach.EndToEnd.Tests;

/// <summary>Finds the repository and runs its programs the way a user would.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built `outreach` command: the CLI's dll next to this test assembly.</summary>
    public static string OutreachDll { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "outreach.dll");

    /// <summary>
    /// The built `outreach-server`: the server project's output of the same configuration as this test assembly (the
    /// solution builds it; it is not referenced, so that two programs' settings files do not meet in one folder).
    /// </summary>
    public static string ServerDll { get; } = Path("src", "Outreach.Server", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "outreach-server.dll");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Outreach.sln"))) return dir.FullName;
        throw new InvalidOperationException("Outreach.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Starts the built server in <paramref name="folder"/> on a free loopback port and returns once it answers
    /// <c>/ready</c>: the running server, a client of its address, and what <c>/ready</c> answered.
    /// </summary>
    public static async Task<(RunningProgram Server, HttpClient Http, string Ready)> StartServerAsync(string folder)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var server = Start("dotnet", [ServerDll, "--urls", address], folder);
        var http = new HttpClient { BaseAddress = new Uri(address) };
        return (server, http, await ReadyAsync(http, server));
    }

    /// <summary>Runs the built server in <paramref name="folder"/> on a free loopback port until it ends: one that cannot start.</summary>
    public static Task<(int ExitCode, string Output)> RunServerAsync(string folder, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync("dotnet", [ServerDll, "--urls", $"http://127.0.0.1:{FreePort()}"], folder, environment, TimeSpan.FromMinutes(1));

    private static async Task<string> ReadyAsync(HttpClient http, RunningProgram server)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.False(server.HasExited, "the server stopped before it was ready");
            try
            {
                var response = await http.GetAsync("/ready");
                if (response.IsSuccessStatusCode) return await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the server was not ready within two minutes");
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a program and returns at once; its output is collected until it exits.</summary>
    public static RunningProgram Start(string fileName, IEnumerable<string> args,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.Environment["NO_COLOR"] = "1";
        return new RunningProgram(start);
    }

    /// <summary>Runs a program to completion and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> args,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var program = Start(fileName, args, workingDirectory, environment);
        return await program.WaitAsync(timeout);
    }

    /// <summary>Runs the built `outreach` command.</summary>
    public static Task<(int ExitCode, string Output)> OutreachAsync(string workingDirectory, params string[] args) =>
        OutreachAsync(workingDirectory, null, args);

    public static Task<(int ExitCode, string Output)> OutreachAsync(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync("dotnet", [OutreachDll, .. args], workingDirectory, environment);
}

/// <summary>A program started by a test, still running or finished: wait for it, or kill it the hard way.</summary>
public sealed class RunningProgram : IDisposable
{
    /// <summary>What .NET reports as the exit code of a process ended by SIGKILL (128 + 9).</summary>
    public const int KilledExitCode = 137;

    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    public RunningProgram(ProcessStartInfo start)
    {
        CommandLine = $"{start.FileName} {string.Join(' ', start.ArgumentList)}";
        _process = Process.Start(start)!;
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public string CommandLine { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the program to end and returns its exit code and combined output (stdout, then stderr).</summary>
    public async Task<(int ExitCode, string Output)> WaitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{CommandLine} did not finish in time.\n{await _stdout}{await _stderr}");
        }
        return (_process.ExitCode, await _stdout + await _stderr);
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally block runs. As far as the program can tell, the power went off.</summary>
    public void KillHard() => _process.Kill();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
        _process.Dispose();
    }
}
