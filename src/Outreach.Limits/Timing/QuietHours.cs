using Microsoft.Extensions.Options;
using Outreach.Core;

namespace Outreach.Limits.Timing;

/// <summary>
/// Quiet hours in the customer's own time zone, as a pure function of zone, channel and instant: allowed now, or the
/// next instant it is allowed. Local times are wall-clock times, so a window keeps its local meaning across DST changes.
/// </summary>
public sealed class QuietHours
{
    private readonly QuietHoursOptions _options;
    private readonly TimeZoneInfo _defaultZone;
    private readonly Dictionary<Channel, Window?> _windows = [];

    public QuietHours(IOptions<LimitsOptions> options)
    {
        _options = options.Value.QuietHours;
        _defaultZone = TimeZoneInfo.FindSystemTimeZoneById(_options.DefaultTimeZone);
        foreach (var channel in Enum.GetValues<Channel>()) _windows[channel] = WindowFor(channel);
    }

    /// <summary>Whether a touch on <paramref name="channel"/> may go now to a customer in <paramref name="timeZoneId"/> (null or unknown: the default zone).</summary>
    public QuietHoursVerdict Check(string? timeZoneId, Channel channel, DateTimeOffset now)
    {
        if (_windows[channel] is not { } window) return QuietHoursVerdict.Allowed;
        var zone = timeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : _defaultZone;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        if (!window.Contains(time)) return QuietHoursVerdict.Allowed;

        // Quiet until the window's end: today if we are before it (the small hours), else tomorrow.
        var endDate = DateOnly.FromDateTime(local);
        if (time >= window.End) endDate = endDate.AddDays(1);
        return QuietHoursVerdict.Until(FirstInstantAt(endDate.ToDateTime(window.End), zone));
    }

    /// <summary>The first instant the local clock shows <paramref name="local"/>, or the instant the clock jumps past it (spring forward).</summary>
    internal static DateTimeOffset FirstInstantAt(DateTime local, TimeZoneInfo zone)
    {
        var probe = local;
        while (zone.IsInvalidTime(probe)) probe = probe.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(probe) ? zone.GetAmbiguousTimeOffsets(probe).Max() : zone.GetUtcOffset(probe);
        return new DateTimeOffset(DateTime.SpecifyKind(probe, DateTimeKind.Unspecified), offset);
    }

    private Window? WindowFor(Channel channel)
    {
        var general = _options.Channels.FirstOrDefault(pair => ChannelNames.TryParse(pair.Key, out var c) && c == channel).Value;
        if (!_options.Enabled || general is { Enabled: false }) return null;
        QuietHoursOptions.TryParseTime(general?.Start ?? _options.Start, out var start);
        QuietHoursOptions.TryParseTime(general?.End ?? _options.End, out var end);
        return start == end ? null : new Window(start, end);
    }

    private sealed record Window(TimeOnly Start, TimeOnly End)
    {
        public bool Contains(TimeOnly time) => Start < End ? time >= Start && time < End : time >= Start || time < End;
    }
}

/// <summary>Allowed now, or quiet until <see cref="NextAllowedAt"/>: defer the touch to it (or drop it, where the campaign says so).</summary>
public sealed record QuietHoursVerdict(bool IsAllowed, DateTimeOffset? NextAllowedAt)
{
    public static readonly QuietHoursVerdict Allowed = new(true, null);
    public static QuietHoursVerdict Until(DateTimeOffset next) => new(false, next);
}
