using System.Text.RegularExpressions;

namespace Outreach.EndToEnd.Tests;

/// <summary>The counters table `outreach run` and `outreach runs status` print, read back as numbers.</summary>
public static partial class CountersTable
{
    /// <summary>
    /// Every row of every counters table in <paramref name="output"/> (rows with a count of zero are not printed, so a
    /// missing row reads as 0); the counts of tables printed one after another are added up.
    /// </summary>
    public static IReadOnlyDictionary<string, long> Parse(string output)
    {
        var counts = new Dictionary<string, long>();
        foreach (Match row in Row().Matches(output))
        {
            var name = row.Groups["name"].Value;
            counts[name] = counts.GetValueOrDefault(name) + long.Parse(row.Groups["count"].Value.Replace(",", ""));
        }
        return counts;
    }

    public static long Count(this IReadOnlyDictionary<string, long> counters, string name) => counters.GetValueOrDefault(name);

    // "│ sent        │ 3,618   │": a name of letters, spaces and parentheses, then a number, between box-drawing bars.
    [GeneratedRegex(@"^\W*(?<name>[a-z][a-z ()]*?)\s*[│|]\s*(?<count>\d[\d,]*)\s*[│|]\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
