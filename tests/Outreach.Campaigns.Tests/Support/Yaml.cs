using Outreach.Core.Campaigns;

namespace Outreach.Campaigns.Tests.Support;

/// <summary>Loads campaign text as a file named test.yaml and returns what the marketer would see.</summary>
internal static class Yaml
{
    public const string File = "test.yaml";

    public static CampaignLoadResult Load(string yaml) => new CampaignLoader().LoadText(yaml, File);

    /// <summary>The diagnostics as printed: <c>test.yaml:line:column: message</c>.</summary>
    public static IReadOnlyList<string> Problems(string yaml) => Load(yaml).Diagnostics.Select(d => d.ToString()).ToList();

    /// <summary>The single diagnostic of a file that must have exactly one.</summary>
    public static string Problem(string yaml)
    {
        var result = Load(yaml);
        Assert.Null(result.Campaign);
        return Assert.Single(result.Diagnostics).ToString();
    }

    public static Campaign Valid(string yaml)
    {
        var result = Load(yaml);
        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        return result.Campaign!;
    }
}
