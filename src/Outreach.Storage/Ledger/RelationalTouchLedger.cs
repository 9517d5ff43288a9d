using System.Data;
using System.Data.Common;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

/// <summary>
/// The ledger both databases share: the same table and statements; the derived class supplies connections and the
/// claim statement, the one place where SQLite and PostgreSQL must differ.
/// </summary>
public abstract class RelationalTouchLedger : ITouchLedger
{
    private protected RelationalTouchLedger(TimeProvider time) => Time = time;

    private protected TimeProvider Time { get; }

    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// One statement that marks up to <c>@max</c> claimable touches (<see cref="TouchRow.Claimable"/>) Reserved with
    /// <c>due_at = @lease_until</c>, <c>attempts + 1</c>, <c>updated_at = @now</c>, and returns them with <see cref="TouchRow.Columns"/>.
    /// </summary>
    private protected abstract string ClaimSql { get; }

    public async Task<int> PlanAsync(IReadOnlyList<TouchRecord> touches, CancellationToken ct = default)
    {
        if (touches.Count == 0) return 0;
        var now = StoredTime.ToMilliseconds(Time.GetUtcNow());
        var added = 0;
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = TouchRow.PrepareInsert(connection, transaction);
        await insert.PrepareAsync(ct);
        foreach (var touch in touches)
        {
            TouchRow.Bind(insert, touch, now);
            // ON CONFLICT DO NOTHING affects no row for an id planned before: that touch keeps whatever state it reached.
            added += await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return added;
    }

    public async Task<IReadOnlyList<TouchRecord>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var claimed = new List<TouchRecord>(Math.Min(max, 10_000));
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = connection.CreateCommand(ClaimSql, transaction))
        {
            command.AddParameter("@now", StoredTime.ToMilliseconds(now), DbType.Int64);
            command.AddParameter("@lease_until", StoredTime.ToMilliseconds(now + lease), DbType.Int64);
            command.AddParameter("@max", max, DbType.Int32);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) claimed.Add(TouchRow.Read(reader));
        }
        await transaction.CommitAsync(ct);
        // RETURNING gives no order; hand them out in the order they fell due.
        claimed.Sort((a, b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : string.CompareOrdinal(a.TouchId, b.TouchId));
        return claimed;
    }

    public async Task<bool> CompleteAsync(
        string touchId, TouchStatus status, string reason, string? providerId, DateTimeOffset? dueAt, CancellationToken ct = default)
    {
        // A provider id or due time not given keeps the one recorded (a delivery callback does not repeat the due time).
        const string sql =
            "UPDATE touches SET status = @status, reason = @reason, provider_id = COALESCE(@provider_id, provider_id), " +
            "due_at = COALESCE(@due_at, due_at), updated_at = @now WHERE id = @id";
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("@status", TouchRow.Name(status), DbType.String);
        command.AddParameter("@reason", reason, DbType.String);
        command.AddParameter("@provider_id", providerId, DbType.String);
        command.AddParameter("@due_at", StoredTime.ToMilliseconds(dueAt), DbType.Int64);
        command.AddParameter("@now", StoredTime.ToMilliseconds(Time.GetUtcNow()), DbType.Int64);
        command.AddParameter("@id", touchId, DbType.String);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<TouchRecord?> GetAsync(string touchId, CancellationToken ct = default)
    {
        var found = await QueryAsync($"SELECT {TouchRow.Columns} FROM touches WHERE id = @key", touchId, ct);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<TouchRecord>> ForCustomerAsync(string customerId, CancellationToken ct = default) =>
        QueryAsync($"SELECT {TouchRow.Columns} FROM touches WHERE customer_id = @key ORDER BY created_at, id", customerId, ct);

    public async Task<IReadOnlyDictionary<TouchStatus, long>> CountByStatusAsync(string campaignId, string? runId, CancellationToken ct = default)
    {
        var sql = "SELECT status, COUNT(*) FROM touches WHERE campaign_id = @campaign" +
                  (runId is null ? "" : " AND run_id = @run") + " GROUP BY status";
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("@campaign", campaignId, DbType.String);
        if (runId is not null) command.AddParameter("@run", runId, DbType.String);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<TouchStatus, long>();
        while (await reader.ReadAsync(ct)) counts[Enum.Parse<TouchStatus>(reader.GetString(0))] = reader.GetInt64(1);
        return counts;
    }

    private async Task<IReadOnlyList<TouchRecord>> QueryAsync(string sql, string key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("@key", key, DbType.String);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<TouchRecord>();
        while (await reader.ReadAsync(ct)) rows.Add(TouchRow.Read(reader));
        return rows;
    }
}
