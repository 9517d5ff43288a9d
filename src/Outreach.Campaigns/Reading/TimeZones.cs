using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>Checks a time zone is an IANA name this machine knows (with invariant globalization, Windows names are not).</summary>
internal static class TimeZones
{
    private static readonly Lazy<IReadOnlyList<string>> Known = new(() => TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).ToList());

    public static string? Read(ReadContext context, YamlNode node)
    {
        if (context.Text(node, "timezone") is not { } name) return null;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone)) return zone.Id;
        context.Error(node, $"'{name}' is not a known time zone; write an IANA name such as Asia/Shanghai, Europe/London or UTC.{Suggestions.DidYouMean(name, Known.Value)}");
        return null;
    }
}
