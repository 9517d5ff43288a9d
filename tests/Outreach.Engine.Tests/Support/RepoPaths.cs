namespace Outreach.Engine.Tests.Support;

/// <summary>Finds the repository's folders from the test binaries, by walking up to the folder holding Outreach.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Campaigns => Path.Combine(Root, "campaigns");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Outreach.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Outreach.sln above {AppContext.BaseDirectory}.");
    }
}
