namespace Outreach.Limits.Redis;

/// <summary>The limiter's Lua scripts, embedded in the assembly.</summary>
public static class LimiterScripts
{
    /// <summary>Checks every cap and suppression of a touch and reserves it, in one atomic step.</summary>
    public static string Reserve { get; } = Load("reserve.lua");

    /// <summary>Removes a touch's entries from its histories.</summary>
    public static string Release { get; } = Load("release.lua");

    private static string Load(string name)
    {
        using var stream = typeof(LimiterScripts).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
