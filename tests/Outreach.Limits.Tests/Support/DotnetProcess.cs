using System.Diagnostics;

namespace Outreach.Limits.Tests.Support;

/// <summary>Starts processes the tests own, and finds the stress worker built beside this test assembly.</summary>
public static class DotnetProcess
{
    /// <summary>tests/Outreach.Limits.StressWorker/bin/&lt;config&gt;/&lt;tfm&gt;/, mirrored from this assembly's output folder.</summary>
    public static string StressWorkerDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, config, tests) = (output.Name, output.Parent!.Name, output.Parent.Parent!.Parent!);
        var dll = Path.Combine(tests.Parent!.FullName, "Outreach.Limits.StressWorker", "bin", config, tfm, "Outreach.Limits.StressWorker.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build tests/Outreach.Limits.StressWorker first (the test project references it).", dll);
    }

    public static Process Start(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
    }
}
