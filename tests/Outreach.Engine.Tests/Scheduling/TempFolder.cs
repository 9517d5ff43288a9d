namespace Outreach.Engine.Tests.Scheduling;

/// <summary>A temporary folder with a <c>campaigns/</c> subfolder, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("outreach-scheduling-").FullName;

    public TempFolder() => Directory.CreateDirectory(Campaigns);

    public string Campaigns => System.IO.Path.Combine(Path, "campaigns");

    public string WriteCampaign(string file, string yaml)
    {
        var path = System.IO.Path.Combine(Campaigns, file);
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
