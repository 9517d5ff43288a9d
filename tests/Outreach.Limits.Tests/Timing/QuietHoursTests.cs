using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Limits.Timing;

namespace Outreach.Limits.Tests.Timing;

public sealed class QuietHoursTests
{
    private static QuietHours Default() => new(Options.Create(new LimitsOptions()));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Daytime_in_the_customers_zone_is_allowed()
    {
        // 02:00 UTC is 10:00 in Shanghai.
        Assert.True(Default().Check("Asia/Shanghai", Channel.Sms, Utc(2025, 6, 10, 2)).IsAllowed);
    }

    [Fact]
    public void Late_evening_defers_to_nine_the_next_morning_across_midnight()
    {
        // 14:30 UTC is 22:30 in Shanghai (UTC+8, no DST): next allowed is 09:00 local tomorrow = 01:00 UTC.
        var verdict = Default().Check("Asia/Shanghai", Channel.Sms, Utc(2025, 6, 10, 14, 30));
        Assert.False(verdict.IsAllowed);
        Assert.Equal(Utc(2025, 6, 11, 1), verdict.NextAllowedAt);
    }

    [Fact]
    public void The_small_hours_defer_to_nine_the_same_morning()
    {
        // 19:00 UTC is 03:00 next day in Shanghai: allowed again at 09:00 that day = 01:00 UTC.
        var verdict = Default().Check("Asia/Shanghai", Channel.Call, Utc(2025, 6, 10, 19));
        Assert.Equal(Utc(2025, 6, 11, 1), verdict.NextAllowedAt);
    }

    [Fact]
    public void The_window_edges_are_start_inclusive_and_end_exclusive()
    {
        var quiet = Default();
        Assert.False(quiet.Check("UTC", Channel.Sms, Utc(2025, 6, 10, 21)).IsAllowed);
        Assert.True(quiet.Check("UTC", Channel.Sms, Utc(2025, 6, 10, 20, 59)).IsAllowed);
        Assert.True(quiet.Check("UTC", Channel.Sms, Utc(2025, 6, 11, 9)).IsAllowed);
    }

    [Fact]
    public void Spring_forward_night_is_an_hour_shorter_in_New_York()
    {
        // Sat 8 Mar 2025 22:00 EST (03:00 UTC Sunday); clocks jump 02:00 -> 03:00; 09:00 EDT Sunday is 13:00 UTC.
        var verdict = Default().Check("America/New_York", Channel.Sms, Utc(2025, 3, 9, 3));
        Assert.Equal(Utc(2025, 3, 9, 13), verdict.NextAllowedAt);
        Assert.Equal(TimeSpan.FromHours(10), verdict.NextAllowedAt!.Value - Utc(2025, 3, 9, 3));
    }

    [Fact]
    public void Fall_back_night_is_an_hour_longer_in_New_York()
    {
        // Sat 1 Nov 2025 22:00 EDT (02:00 UTC Sunday); clocks fall back 02:00 -> 01:00; 09:00 EST Sunday is 14:00 UTC.
        var verdict = Default().Check("America/New_York", Channel.Sms, Utc(2025, 11, 2, 2));
        Assert.Equal(Utc(2025, 11, 2, 14), verdict.NextAllowedAt);
        Assert.Equal(TimeSpan.FromHours(12), verdict.NextAllowedAt!.Value - Utc(2025, 11, 2, 2));
    }

    [Fact]
    public void A_window_ending_inside_the_spring_forward_gap_ends_when_the_clock_jumps()
    {
        var options = new LimitsOptions { QuietHours = { Start = "22:00", End = "02:30" } };
        var verdict = new QuietHours(Options.Create(options)).Check("America/New_York", Channel.Sms, Utc(2025, 3, 9, 4)); // 23:00 EST
        Assert.Equal(Utc(2025, 3, 9, 7), verdict.NextAllowedAt); // 03:00 EDT, the first instant after 02:30 is skipped
    }

    [Fact]
    public void A_window_ending_in_the_repeated_fall_back_hour_ends_at_its_first_occurrence()
    {
        var options = new LimitsOptions { QuietHours = { Start = "22:00", End = "01:30" } };
        var verdict = new QuietHours(Options.Create(options)).Check("America/New_York", Channel.Sms, Utc(2025, 11, 2, 3)); // 23:00 EDT
        Assert.Equal(Utc(2025, 11, 2, 5, 30), verdict.NextAllowedAt); // 01:30 EDT
    }

    [Fact]
    public void Channels_can_have_their_own_hours_or_none()
    {
        var options = new LimitsOptions
        {
            QuietHours =
            {
                Channels = { ["call"] = new() { Start = "20:00", End = "10:00" }, ["email"] = new() { Enabled = false } },
            },
        };
        var quiet = new QuietHours(Options.Create(options));
        var halfPastNine = Utc(2025, 6, 10, 9, 30);
        Assert.True(quiet.Check("UTC", Channel.Sms, halfPastNine).IsAllowed);
        Assert.Equal(Utc(2025, 6, 10, 10), quiet.Check("UTC", Channel.Call, halfPastNine).NextAllowedAt);
        Assert.True(quiet.Check("UTC", Channel.Email, Utc(2025, 6, 10, 23)).IsAllowed);
    }

    [Fact]
    public void An_unknown_or_missing_zone_uses_the_configured_default()
    {
        var quiet = new QuietHours(Options.Create(new LimitsOptions { QuietHours = { DefaultTimeZone = "Asia/Shanghai" } }));
        Assert.Equal(Utc(2025, 6, 11, 1), quiet.Check(null, Channel.Sms, Utc(2025, 6, 10, 14, 30)).NextAllowedAt);
        Assert.Equal(Utc(2025, 6, 11, 1), quiet.Check("Mars/Olympus", Channel.Sms, Utc(2025, 6, 10, 14, 30)).NextAllowedAt);
    }
}
