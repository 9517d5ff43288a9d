using System.Data;
using Outreach.Core;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

// Daily sums for the dashboard. Days are whole UTC days of unix milliseconds, integer division on both databases.
public abstract partial class RelationalTouchLedger : ITouchActivity
{
    private const long MillisecondsPerDay = 86_400_000;

    // The decider writes a cap's denial as "cap <rule> reached (n/limit)...", deferred or dropped (TouchDecider, LimitDecision).
    private const string CapPrefix = "cap ";
    private const string CapSuffix = " reached";

    public async Task<IReadOnlyList<DailyTouches>> CountSentPerDayAsync(DateTimeOffset since, string? campaignId = null, CancellationToken ct = default)
    {
        var sql =
            $"SELECT updated_at / {MillisecondsPerDay} AS day, campaign_id, channel, COUNT(*) FROM touches " +
            $"WHERE status IN ('{TouchStatus.Sent}', '{TouchStatus.Delivered}') AND updated_at >= @since" +
            (campaignId is null ? "" : " AND campaign_id = @campaign") +
            $" GROUP BY updated_at / {MillisecondsPerDay}, campaign_id, channel ORDER BY day, campaign_id, channel";
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("@since", StoredTime.ToMilliseconds(since), DbType.Int64);
        if (campaignId is not null) command.AddParameter("@campaign", campaignId, DbType.String);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<DailyTouches>();
        while (await reader.ReadAsync(ct))
            rows.Add(new DailyTouches(
                DayOf(reader.GetInt64(0)),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : ChannelNames.TryParse(reader.GetString(2), out var channel) ? channel : null,
                reader.GetInt64(3)));
        return rows;
    }

    public async Task<IReadOnlyList<DailyCapDenials>> CountCapDenialsPerDayAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        // The reason carries counts and times, so rows are grouped here by the rule named in it, not in SQL.
        var sql =
            $"SELECT updated_at / {MillisecondsPerDay}, reason FROM touches " +
            $"WHERE status IN ('{TouchStatus.Capped}', '{TouchStatus.Dropped}') AND reason LIKE '{CapPrefix}%' AND updated_at >= @since";
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("@since", StoredTime.ToMilliseconds(since), DbType.Int64);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<(long Day, string Rule), long>();
        while (await reader.ReadAsync(ct))
        {
            if (RuleOf(reader.GetString(1)) is not { } rule) continue;
            var key = (reader.GetInt64(0), rule);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts.Select(c => new DailyCapDenials(DayOf(c.Key.Day), c.Key.Rule, c.Value))
            .OrderBy(d => d.Day).ThenBy(d => d.Rule, StringComparer.Ordinal).ToList();
    }

    private static string? RuleOf(string reason)
    {
        var end = reason.IndexOf(CapSuffix, CapPrefix.Length, StringComparison.Ordinal);
        return end > CapPrefix.Length ? reason[CapPrefix.Length..end] : null;
    }

    private static DateOnly DayOf(long unixDay) => DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(unixDay));
}
