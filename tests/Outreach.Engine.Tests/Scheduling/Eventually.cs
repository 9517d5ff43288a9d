namespace Outreach.Engine.Tests.Scheduling;

/// <summary>Bounded waits for things that happen on other threads (file watcher, scheduler).</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }

    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan within) => TrueAsync(() => Task.FromResult(condition()), within);

    /// <summary>Waits until the wall clock is just past an even second, so that a 2-second cron is ~1.9 s away.</summary>
    public static async Task<DateTimeOffset> JustAfterEvenSecondAsync()
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            if (now.Second % 2 == 0 && now.Millisecond is >= 20 and < 150) return now;
            await Task.Delay(5);
        }
    }

    /// <summary>The first occurrence of "every 2 seconds" strictly after <paramref name="instant"/>.</summary>
    public static DateTimeOffset NextEvenSecond(DateTimeOffset instant)
    {
        var seconds = instant.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds - seconds % 2 + 2);
    }
}
