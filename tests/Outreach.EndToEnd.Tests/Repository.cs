using System.Diagnostics;

namespace Outreach.EndToEnd.Tests;

/// <summary>Finds the repository and runs its programs the way a user would.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Outreach.sln"))) return dir.FullName;
        throw new InvalidOperationException("Outreach.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs a program to completion and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> args,
        string? workingDirectory = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in time.\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs the built `outreach` command (the CLI's dll next to this test assembly).</summary>
    public static Task<(int ExitCode, string Output)> OutreachAsync(string workingDirectory, params string[] args) =>
        RunAsync("dotnet", [System.IO.Path.Combine(AppContext.BaseDirectory, "outreach.dll"), .. args], workingDirectory);
}
