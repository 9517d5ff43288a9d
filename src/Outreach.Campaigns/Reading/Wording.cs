namespace Outreach.Campaigns.Reading;

/// <summary>Small helpers for writing messages out of other messages and words.</summary>
internal static class Wording
{
    public static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A library's sentence made into the middle of ours: no capital, no full stop.</summary>
    public static string AsClause(string text)
    {
        var clause = text.Trim().TrimEnd('.');
        return clause.Length == 0 ? clause : char.ToLowerInvariant(clause[0]) + clause[1..];
    }
}
