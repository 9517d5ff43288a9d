using System.Globalization;

namespace Outreach.Limits;

/// <summary>Quiet hours in the customer's own time zone: no touch from <see cref="Start"/> to <see cref="End"/> (may span midnight).</summary>
public sealed class QuietHoursOptions
{
    public bool Enabled { get; set; } = true;
    public string Start { get; set; } = "21:00";
    public string End { get; set; } = "09:00";

    /// <summary>IANA zone for customers without one.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>Per-channel overrides keyed by channel name (<c>sms</c>, <c>call</c>, <c>email</c>, <c>wechat</c>).</summary>
    public Dictionary<string, QuietWindowOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Validate()
    {
        if (!TryParseTime(Start, out _) || !TryParseTime(End, out _)) yield return "QuietHours.Start and End must be times such as 21:00.";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out _)) yield return $"QuietHours.DefaultTimeZone '{DefaultTimeZone}' is not a known time zone.";
        foreach (var (name, window) in Channels)
        {
            if (!Outreach.Core.ChannelNames.TryParse(name, out _)) yield return $"QuietHours.Channels: '{name}' is not a channel.";
            if (!TryParseTime(window.Start ?? Start, out _) || !TryParseTime(window.End ?? End, out _)) yield return $"QuietHours.Channels.{name}: Start and End must be times such as 21:00.";
        }
    }

    internal static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

/// <summary>One channel's quiet hours; unset times fall back to the general ones.</summary>
public sealed class QuietWindowOptions
{
    public bool Enabled { get; set; } = true;
    public string? Start { get; set; }
    public string? End { get; set; }
}
