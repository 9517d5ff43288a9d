namespace Outreach.Storage.Relational;

/// <summary>
/// Instants are stored as unix milliseconds (BIGINT) so both dialects do the same integer arithmetic on them.
/// SQL turns them into .NET ticks before dividing, which makes its day counts bit-identical to <see cref="TimeSpan.TotalDays"/>.
/// </summary>
internal static class StoredTime
{
    public const long TicksPerMillisecond = TimeSpan.TicksPerMillisecond;
    public const long TicksPerDay = TimeSpan.TicksPerDay;

    public static long ToMilliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? ToMilliseconds(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMilliseconds(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Ticks since the unix epoch, full precision: what "now" is compared with in SQL.</summary>
    public static long ToUnixTicks(DateTimeOffset at) => at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
}
