using System.Globalization;
using Outreach.Core.Customers;

namespace Outreach.Cli.Import;

/// <summary>How the text of one field of a customers CSV becomes a value; each parser says what it accepts.</summary>
internal static class CsvFieldValues
{
    public const string TimestampHint = "use ISO 8601, such as 2025-03-01 or 2025-03-01T09:30:00+08:00";
    public const string ConsentHint = "use yes, no, opted_in, opted_out, or leave it blank";
    public const string MembershipStatusHint = "use none, active, expired or cancelled";

    private static readonly string[] WallClockFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm",
    ];

    private static readonly string[] OffsetFormats =
        WallClockFormats.Skip(1).SelectMany(format => new[] { format + "zzz", format + "'Z'" }).ToArray();

    /// <summary>
    /// ISO 8601 only, so 03/04/2025 is never read as the wrong day. A time without an offset is a wall-clock
    /// time in <paramref name="zone"/> (the customer's own time zone), as exports from shop systems write it.
    /// </summary>
    public static bool TryParseTimestamp(string text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        // Choosing the list up front keeps a million rows from paying for the formats that cannot match.
        if (HasOffset(text))
            return DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

        value = default;
        if (!DateTime.TryParseExact(text, WallClockFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock)) return false;
        value = new DateTimeOffset(wallClock, zone.GetUtcOffset(wallClock));
        return true;
    }

    // After the date (yyyy-MM-dd), a 'Z' at the end or a sign can only be an offset.
    private static bool HasOffset(string text) =>
        text.Length > 10 && (text[^1] == 'Z' || text.AsSpan(10).IndexOfAny('+', '-') >= 0);

    public static bool TryParseConsent(string text, out ConsentStatus status)
    {
        (var known, status) = text.ToLowerInvariant() switch
        {
            "" or "unknown" => (true, ConsentStatus.Unknown),
            "yes" or "y" or "true" or "1" or "opted_in" or "opt_in" => (true, ConsentStatus.OptedIn),
            "no" or "n" or "false" or "0" or "opted_out" or "opt_out" => (true, ConsentStatus.OptedOut),
            _ => (false, ConsentStatus.Unknown),
        };
        return known;
    }

    public static bool TryParseMembershipStatus(string text, out MembershipStatus status)
    {
        (var known, status) = text.ToLowerInvariant() switch
        {
            "" or "none" => (true, MembershipStatus.None),
            "active" => (true, MembershipStatus.Active),
            "expired" => (true, MembershipStatus.Expired),
            "cancelled" or "canceled" => (true, MembershipStatus.Cancelled),
            _ => (false, MembershipStatus.None),
        };
        return known;
    }

    /// <summary>Tags separated by ';' or '|' (a comma would need quoting), trimmed, each once.</summary>
    public static IReadOnlyList<string> SplitTags(string text) =>
        text.Length == 0
            ? []
            : text.Split([';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
}
