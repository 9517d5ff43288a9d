namespace Outreach.Limits;

/// <summary>Campaign ids and tags compared as marketers write them (ignoring case), in a loop that allocates nothing: rules ask on every touch.</summary>
internal static class Names
{
    public static bool Contain(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
