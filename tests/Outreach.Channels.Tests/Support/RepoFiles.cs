namespace Outreach.Channels.Tests.Support;

public static class RepoFiles
{
    /// <summary>A file of the repository, found from the test output folder upwards.</summary>
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Outreach.sln"))) return System.IO.Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("Outreach.sln not found above the test output.");
    }
}
