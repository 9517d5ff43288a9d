namespace Outreach.Storage.Relational;

/// <summary>
/// Money is stored as an integer count of 1/10,000 units (BIGINT), exact in both dialects: sums never drift
/// and spend thresholds compare exactly as the decimals in <see cref="Outreach.Core.Customers.ProfileCalculator"/> do.
/// </summary>
internal static class StoredMoney
{
    public const int Scale = 10_000;
    private const decimal Limit = long.MaxValue / Scale;

    /// <summary>Whether the amount survives storage unchanged (at most four decimals, within range).</summary>
    public static bool IsStorable(decimal amount) => Math.Abs(amount) <= Limit && decimal.Round(amount, 4) == amount;

    /// <summary>The stored form; amounts with more than four decimals are rounded (bulk loads trust their rows).</summary>
    public static long ToUnits(decimal amount) => (long)decimal.Round(amount * Scale, MidpointRounding.AwayFromZero);

    public static decimal FromUnits(long units) => new decimal(units) / Scale;

    /// <summary>The smallest stored amount at or above <paramref name="bound"/>, so <c>units &gt;= it</c> means <c>amount &gt;= bound</c>.</summary>
    public static long CeilingUnits(decimal bound) =>
        Math.Abs(bound) > Limit ? (bound > 0 ? long.MaxValue : long.MinValue) : (long)decimal.Ceiling(bound * Scale);
}
