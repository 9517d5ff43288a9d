namespace Outreach.EndToEnd.Tests;

/// <summary>A throwaway folder with the repository's campaigns and config, where a command runs as a user would run it.</summary>
public sealed class Workspace : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("outreach-e2e-").FullName;

    public Workspace(bool withCampaigns = true)
    {
        Copy(Repository.Path("config"), Path.Combine(Root, "config"));
        if (withCampaigns) Copy(Repository.Path("campaigns"), Path.Combine(Root, "campaigns"));
    }

    /// <summary>Environment variables every command run here gets, on top of the test's own (configuration overrides).</summary>
    public Dictionary<string, string> Environment { get; } = new();

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public string Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public Task<(int ExitCode, string Output)> OutreachAsync(params string[] args) => Repository.OutreachAsync(Root, Environment, args);

    /// <summary>Starts a command here and returns while it runs; <paramref name="environment"/> adds to <see cref="Environment"/>.</summary>
    public RunningProgram StartOutreach(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var merged = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) merged[key] = value;
        return Repository.Start("dotnet", [Repository.OutreachDll, .. args], Root, merged);
    }

    /// <summary>Copies a file or folder of this workspace to the same place in another.</summary>
    public void CopyTo(Workspace other, string relativePath)
    {
        var from = PathOf(relativePath);
        if (File.Exists(from)) File.Copy(from, other.PathOf(relativePath), overwrite: true);
        else Copy(from, other.PathOf(relativePath));
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { /* a file still open on a slow CI box; temp is cleaned anyway */ }
    }
}
