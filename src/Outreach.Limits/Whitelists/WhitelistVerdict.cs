namespace Outreach.Limits.Whitelists;

/// <summary>What the whitelist rules say about one touch: excluded, exempt, capped by a list's own caps, or nothing.</summary>
public sealed record WhitelistVerdict
{
    public static readonly WhitelistVerdict None = new();

    /// <summary>The lists could not be read and none were read before: the answer is unknown.</summary>
    public static readonly WhitelistVerdict Unknown = new() { IsUnknown = true };

    public bool IsUnknown { get; private init; }

    /// <summary>The allow-only list the customer is missing from.</summary>
    public string? NotAllowedBy { get; init; }

    /// <summary>The exempt list the customer is on.</summary>
    public string? ExemptBy { get; init; }

    /// <summary>The caps of the caps lists the customer is on, replacing the general customer caps.</summary>
    public IReadOnlyList<FrequencyCapRule>? Caps { get; init; }
}
