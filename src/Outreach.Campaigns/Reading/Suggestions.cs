namespace Outreach.Campaigns.Reading;

/// <summary>Finds what a marketer probably meant when a word is misspelt.</summary>
internal static class Suggestions
{
    /// <summary>The closest candidate within a few typos, else one that shares a long start with the word or contains it.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var lowered = word.ToLowerInvariant();
        var scored = candidates
            .Select(c => (Candidate: c, Lowered: c.ToLowerInvariant()))
            .Select(c => (c.Candidate, Distance: Distance(lowered, c.Lowered), Prefix: CommonPrefix(lowered, c.Lowered), Overlap: Overlap(lowered, c.Lowered)))
            .ToList();

        var allowed = lowered.Length <= 3 ? 1 : Math.Max(2, lowered.Length / 3);
        var close = scored.Where(c => c.Distance <= allowed).OrderBy(c => c.Distance).Select(c => c.Candidate).FirstOrDefault();
        return close ?? scored
            .Where(c => c.Overlap || c.Prefix >= 6)
            .OrderByDescending(c => c.Prefix).ThenBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    /// <summary>" Did you mean 'x'?" or nothing, to append to a message.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } match ? $" Did you mean '{match}'?" : "";

    /// <summary>"a, b or c" for messages.</summary>
    public static string OneOf(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    // "holdout_percent" for "holdout", "spend" for "total_spend"; short words overlap too easily to count.
    private static bool Overlap(string a, string b) => Math.Min(a.Length, b.Length) >= 4 && (a.Contains(b) || b.Contains(a));

    // Optimal string alignment distance: Levenshtein plus swapped neighbours, the most common typo.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
