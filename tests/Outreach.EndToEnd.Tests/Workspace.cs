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

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public string Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public Task<(int ExitCode, string Output)> OutreachAsync(params string[] args) => Repository.OutreachAsync(Root, args);

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
