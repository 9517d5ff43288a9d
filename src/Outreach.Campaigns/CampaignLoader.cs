using Outreach.Campaigns.Reading;
using Outreach.Core.Campaigns;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns;

/// <summary>
/// Loads campaigns from YAML (one campaign per file) and validates them, reporting every problem with its
/// <c>file:line:column</c>. Bad input never throws: it comes back as diagnostics.
/// </summary>
public sealed class CampaignLoader
{
    /// <summary>Loads one campaign from text; <paramref name="file"/> is the name its diagnostics carry.</summary>
    public CampaignLoadResult LoadText(string yaml, string file) => Load(yaml, file, sourcePath: null).Result;

    /// <summary>Loads one campaign file; a file that cannot be read is a diagnostic too.</summary>
    public CampaignLoadResult LoadFile(string path) => LoadPath(path).Result;

    /// <summary>Loads every <c>*.yaml</c> and <c>*.yml</c> file of the folder (not its subfolders), in name order; ids must be unique.</summary>
    public CampaignSetResult LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            return new CampaignSetResult([], [new CampaignDiagnostic(directory, 1, 1, "There is no such folder.")]);

        return LoadFiles(CampaignFilesIn(directory));
    }

    /// <summary>The campaign files of a folder (<c>*.yaml</c>, <c>*.yml</c>; not its subfolders), in name order.</summary>
    public static IEnumerable<string> CampaignFilesIn(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>Loads the files as one set, in the order given: an id used again is reported where it is used again.</summary>
    public CampaignSetResult LoadFiles(IEnumerable<string> files)
    {
        var campaigns = new List<Campaign>();
        var diagnostics = new List<CampaignDiagnostic>();
        var firstFileOfId = new Dictionary<string, string>();
        foreach (var file in files)
        {
            var (result, idNode) = LoadPath(file);
            diagnostics.AddRange(result.Diagnostics);
            if (result.Campaign is not { } campaign) continue;

            if (firstFileOfId.TryGetValue(campaign.Id, out var first))
            {
                diagnostics.Add(new CampaignDiagnostic(file, (int)idNode!.Start.Line, (int)idNode.Start.Column,
                    $"The id '{campaign.Id}' is already used by {Path.GetFileName(first)}; every campaign needs its own id."));
                continue;
            }
            firstFileOfId[campaign.Id] = file;
            campaigns.Add(campaign);
        }
        return new CampaignSetResult(campaigns, diagnostics);
    }

    private static (CampaignLoadResult Result, YamlNode? IdNode) LoadPath(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (new CampaignLoadResult(null, [new CampaignDiagnostic(path, 1, 1, $"The file cannot be read: {e.Message}")]), null);
        }
        return Load(text, path, path);
    }

    private static (CampaignLoadResult Result, YamlNode? IdNode) Load(string yaml, string file, string? sourcePath)
    {
        var context = new ReadContext(file, yaml);
        if (Parse(yaml, context) is not { } root) return (new CampaignLoadResult(null, context.Diagnostics), null);

        var reader = new CampaignReader(context);
        var campaign = reader.Read(root, sourcePath);
        var inFileOrder = context.Diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        return (new CampaignLoadResult(campaign, inFileOrder), reader.IdNode);
    }

    private static YamlNode? Parse(string yaml, ReadContext context)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var reason = e.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? $"The key '{e.Message["Duplicate key".Length..].Trim()}' appears twice in the same block; keep one."
                : $"This is not valid YAML: {Wording.AsClause(e.Message)}. Check the indentation (spaces, not tabs), colons and quotes.";
            context.Error(e.Start, reason);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed input (e.g. an unclosed [ before a new key), without a position.
            context.Error(1, 1, "This is not valid YAML. Check that every [ and { is closed, and the indentation, colons and quotes.");
            return null;
        }

        switch (stream.Documents.Count)
        {
            case 0:
                context.Error(1, 1, "The file is empty; a campaign needs at least an id, a name, variants and a schedule or trigger.");
                return null;
            case > 1:
                context.Error(stream.Documents[1].RootNode.Start, "A file holds one campaign; move this one (after ---) into a file of its own.");
                return null;
            default:
                return stream.Documents[0].RootNode;
        }
    }
}
