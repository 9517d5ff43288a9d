using System.Data;
using System.Data.Common;
using Outreach.Storage.Relational;
using Outreach.Core;

namespace Outreach.Storage.Ledger;

/// <summary>
/// The ledger both databases share: the same table and statements; the derived class supplies connections and the
/// claim statement, the one place where SQLite and PostgreSQL must differ.
/// </summary>
public abstract partial class RelationalTouchLedger : ITouchLedger
{
    private protected RelationalTouchLedger(TimeProvider time) => Time = time;

    private protected TimeProvider Time { get; }

    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// One statement that marks up to <c>@max</c> claimable touches (<see cref="TouchRow.Claimable"/>) Reserved with
    /// <c>due_at = @lease_until</c>, <c>attempts + 1</c>, <c>updated_at = @now</c>, and returns them with <see cref="TouchRow.Columns"/>.
    /// </summary>
    /// <param name="scope">An extra condition on the claimable rows (<c>campaign_id = @campaign AND run_id = @run</c>), or empty.</param>
    private protected abstract string ClaimSql(string scope);

    private const string RunScope = " AND campaign_id = @campaign AND run_id = @run";

    public async Task<int> PlanAsync(IReadOnlyList<TouchRecord> touches, CancellationToken ct = default) =>
        touches.Count == 0 ? 0 : (await InsertNewAsync(touches, ct)).Count;

    public async Task<IReadOnlyList<TouchRecord>> PlanClaimedAsync(
        IReadOnlyList<TouchRecord> touches, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (touches.Count == 0) return [];
        var claimed = touches.Select(t => t with
        {
            Status = TouchStatus.Reserved, DueAt = now + lease, SequenceAt = t.SequenceAt ?? t.DueAt, Attempts = 1, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        return await InsertNewAsync(claimed, ct);
    }

    /// <summary>Inserts the touches whose id is new (ON CONFLICT DO NOTHING) in one transaction; returns those inserted.</summary>
    private protected virtual async Task<IReadOnlyList<TouchRecord>> InsertNewAsync(IReadOnlyList<TouchRecord> touches, CancellationToken ct)
    {
        var now = StoredTime.ToMilliseconds(Time.GetUtcNow());
        var added = new List<TouchRecord>(touches.Count);
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = TouchRow.PrepareInsert(connection, transaction);
        await insert.PrepareAsync(ct);
        foreach (var touch in touches)
        {
            TouchRow.Bind(insert, touch, now);
            // ON CONFLICT DO NOTHING affects no row for an id planned before: that touch keeps whatever state it reached.
            if (await insert.ExecuteNonQueryAsync(ct) > 0) added.Add(touch);
        }
        await transaction.CommitAsync(ct);
        return added;
    }

    public Task<IReadOnlyList<TouchRecord>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default) =>
        ClaimAsync(now, max, lease, null, ct);

    public Task<IReadOnlyList<TouchRecord>> ClaimDueAsync(
        DateTimeOffset now, int max, TimeSpan lease, string campaignId, string runId, CancellationToken ct = default) =>
        ClaimAsync(now, max, lease, (campaignId, runId), ct);

    private async Task<IReadOnlyList<TouchRecord>> ClaimAsync(
        DateTimeOffset now, int max, TimeSpan lease, (string Campaign, string Run)? scope, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var claimed = new List<TouchRecord>(Math.Min(max, 10_000));
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = connection.CreateCommand(ClaimSql(scope is null ? "" : RunScope), transaction))
        {
            if (scope is var (campaign, run))
            {
                command.AddParameter("@campaign", campaign, DbType.String);
                command.AddParameter("@run", run, DbType.String);
            }
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

    public virtual async Task<int> CompleteManyAsync(IReadOnlyList<TouchCompletion> completions, CancellationToken ct = default)
    {
        if (completions.Count == 0) return 0;
        var applied = 0;
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var update = connection.CreateCommand(CompleteSql, transaction);
        foreach (var (name, type) in CompleteParameters) update.AddParameter(name, type: type);
        update.Parameters["@now"].Set(StoredTime.ToMilliseconds(Time.GetUtcNow()));
        await update.PrepareAsync(ct);
        foreach (var c in completions)
        {
            var p = update.Parameters;
            p["@id"].Set(c.TouchId);
            p["@attempts"].Set(c.Attempt);
            p["@status"].Set(TouchRow.Name(c.Status));
            p["@reason"].Set(c.Reason);
            p["@channel"].Set(c.Channel?.ToName());
            p["@variant"].Set(c.Variant);
            p["@provider_id"].Set(c.ProviderId);
            p["@due_at"].Set(StoredTime.ToMilliseconds(c.DueAt));
            applied += await update.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return applied;
    }

    private protected const string CompleteSql =
        "UPDATE touches SET status = @status, reason = @reason, channel = COALESCE(@channel, channel), " +
        "variant = COALESCE(@variant, variant), provider_id = COALESCE(@provider_id, provider_id), " +
        "due_at = COALESCE(@due_at, due_at), updated_at = @now " +
        "WHERE id = @id AND status = 'Reserved' AND attempts = @attempts";

    private static readonly (string Name, DbType Type)[] CompleteParameters =
    [
        ("@id", DbType.String), ("@attempts", DbType.Int32), ("@status", DbType.String), ("@reason", DbType.String),
        ("@channel", DbType.String), ("@variant", DbType.String), ("@provider_id", DbType.String), ("@due_at", DbType.Int64),
        ("@now", DbType.Int64),
    ];

    public async Task<long> MoveRunTouchesAsync(
        string campaignId, string runId, IReadOnlyCollection<TouchStatus> from, TouchStatus to, string reason, CancellationToken ct = default)
    {
        if (from.Count == 0) return 0;
        var statuses = string.Join(", ", from.Select(s => $"'{TouchRow.Name(s)}'"));
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            "UPDATE touches SET status = @to, reason = @reason, updated_at = @now " +
            $"WHERE campaign_id = @campaign AND run_id = @run AND status IN ({statuses})");
        command.AddParameter("@to", TouchRow.Name(to), DbType.String);
        command.AddParameter("@reason", reason, DbType.String);
        command.AddParameter("@now", StoredTime.ToMilliseconds(Time.GetUtcNow()), DbType.Int64);
        command.AddParameter("@campaign", campaignId, DbType.String);
        command.AddParameter("@run", runId, DbType.String);
        return await command.ExecuteNonQueryAsync(ct);
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

    public async IAsyncEnumerable<TouchRecord> StreamSentSinceAsync(
        DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var sql = $"SELECT {TouchRow.Columns} FROM touches WHERE status IN ('{TouchStatus.Sent}', '{TouchStatus.Delivered}') " +
                  "AND updated_at >= @since ORDER BY updated_at, id";
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("@since", StoredTime.ToMilliseconds(since), DbType.Int64);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return TouchRow.Read(reader);
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
