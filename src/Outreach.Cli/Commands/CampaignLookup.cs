using Outreach.Campaigns;
using Outreach.Core.Campaigns;

namespace Outreach.Cli.Commands;

/// <summary>Finds a campaign by id in the campaigns folder, or loads it from a file path.</summary>
public static class CampaignLookup
{
    public static Campaign? Find(string idOrPath, string campaignsFolder)
    {
        var loader = new CampaignLoader();
        if (File.Exists(idOrPath))
        {
            var result = loader.LoadFile(idOrPath);
            foreach (var diagnostic in result.Diagnostics) Console.Error.WriteLine(diagnostic);
            return result.Campaign;
        }

        var set = loader.LoadDirectory(campaignsFolder);
        if (set.Campaigns.FirstOrDefault(c => c.Id == idOrPath) is { } campaign) return campaign;

        foreach (var diagnostic in set.Diagnostics) Console.Error.WriteLine(diagnostic);
        Console.Error.WriteLine($"No valid campaign '{idOrPath}' in {campaignsFolder}/ (campaigns there: {string.Join(", ", set.Campaigns.Select(c => c.Id))}).");
        return null;
    }
}
