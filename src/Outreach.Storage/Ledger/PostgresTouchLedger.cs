using System.Data.Common;
using Npgsql;
using Outreach.Core;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

/// <summary>The ledger on PostgreSQL, shared by every node of a cluster.</summary>
public sealed class PostgresTouchLedger : RelationalTouchLedger, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">The database of the <see cref="Postgres.PostgresCustomerStore"/>, which creates the schema.</param>
    public PostgresTouchLedger(string connectionString, TimeProvider time) : base(time) =>
        _dataSource = NpgsqlDataSource.Create(connectionString);

    // SKIP LOCKED: a node passes over rows another node is claiming right now instead of waiting for them, and the
    // row lock re-checks the WHERE on the latest version, so a touch just Reserved elsewhere is never taken twice.
    private protected override string ClaimSql(string scope) =>
        $"WITH due AS (SELECT id FROM touches WHERE {TouchRow.Claimable}{scope} ORDER BY due_at, id LIMIT @max FOR UPDATE SKIP LOCKED) " +
        $"UPDATE touches t SET status = 'Reserved', due_at = @lease_until, attempts = t.attempts + 1, updated_at = @now " +
        $"FROM due WHERE t.id = due.id " +
        $"RETURNING {string.Join(", ", TouchRow.Columns.Split(", ").Select(c => "t." + c))}";

    // One statement per batch instead of a round trip per touch: the rows travel as arrays and unnest into a table.
    private protected override async Task<IReadOnlyList<TouchRecord>> InsertNewAsync(IReadOnlyList<TouchRecord> touches, CancellationToken ct)
    {
        const string sql =
            $"INSERT INTO touches ({TouchRow.Columns}) " +
            "SELECT u.id, u.campaign_id, u.run_id, u.step, u.customer_id, u.status, u.channel, u.variant, u.reason, u.due_at, " +
            "u.expires_at, u.attempts, u.provider_id, @now, @now, u.sequence_at " +
            "FROM unnest(@id, @campaign_id, @run_id, @step, @customer_id, @status, @channel, @variant, @reason, @due_at, " +
            "@expires_at, @attempts, @provider_id, @sequence_at) " +
            "AS u(id, campaign_id, run_id, step, customer_id, status, channel, variant, reason, due_at, expires_at, attempts, provider_id, sequence_at) " +
            "ON CONFLICT (id) DO NOTHING RETURNING id";
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string[]>("id", touches.Select(t => t.TouchId).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("campaign_id", touches.Select(t => t.CampaignId).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("run_id", touches.Select(t => t.RunId).ToArray()));
        p.Add(new NpgsqlParameter<int[]>("step", touches.Select(t => t.Step).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("customer_id", touches.Select(t => t.CustomerId).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("status", touches.Select(t => TouchRow.Name(t.Status)).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("channel", touches.Select(t => t.Channel?.ToName()).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("variant", touches.Select(t => t.Variant).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("reason", touches.Select(t => t.Reason).ToArray()));
        p.Add(new NpgsqlParameter<long[]>("due_at", touches.Select(t => StoredTime.ToMilliseconds(t.DueAt)).ToArray()));
        p.Add(new NpgsqlParameter<long?[]>("expires_at", touches.Select(t => StoredTime.ToMilliseconds(t.ExpiresAt)).ToArray()));
        p.Add(new NpgsqlParameter<int[]>("attempts", touches.Select(t => t.Attempts).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("provider_id", touches.Select(t => t.ProviderId).ToArray()));
        p.Add(new NpgsqlParameter<long[]>("sequence_at", touches.Select(t => StoredTime.ToMilliseconds(t.SequenceAt ?? t.DueAt)).ToArray()));
        p.Add(new NpgsqlParameter<long>("now", StoredTime.ToMilliseconds(Time.GetUtcNow())));
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) inserted.Add(reader.GetString(0));
        // In the caller's order, each once (a touch listed twice in one call is inserted once).
        return touches.Where(t => inserted.Remove(t.TouchId)).ToList();
    }

    public override async Task<int> CompleteManyAsync(IReadOnlyList<TouchCompletion> completions, CancellationToken ct = default)
    {
        if (completions.Count == 0) return 0;
        const string sql =
            "UPDATE touches t SET status = u.status, reason = u.reason, channel = COALESCE(u.channel, t.channel), " +
            "variant = COALESCE(u.variant, t.variant), provider_id = COALESCE(u.provider_id, t.provider_id), " +
            "due_at = COALESCE(u.due_at, t.due_at), updated_at = @now " +
            "FROM unnest(@id, @attempts, @status, @reason, @channel, @variant, @provider_id, @due_at) " +
            "AS u(id, attempts, status, reason, channel, variant, provider_id, due_at) " +
            // "status || ''": no index can serve the status test, so the planner finds the rows by id (primary key, or a
            // hash join on a small table). Offered status = 'Reserved', it took every Reserved row from the whole
            // (campaign, run, status) index instead, once per batch: quadratic in the size of a run.
            "WHERE t.id = u.id AND t.status || '' = 'Reserved' AND t.attempts = u.attempts";
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string[]>("id", completions.Select(c => c.TouchId).ToArray()));
        p.Add(new NpgsqlParameter<int[]>("attempts", completions.Select(c => c.Attempt).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("status", completions.Select(c => TouchRow.Name(c.Status)).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("reason", completions.Select(c => c.Reason).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("channel", completions.Select(c => c.Channel?.ToName()).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("variant", completions.Select(c => c.Variant).ToArray()));
        p.Add(new NpgsqlParameter<string?[]>("provider_id", completions.Select(c => c.ProviderId).ToArray()));
        p.Add(new NpgsqlParameter<long?[]>("due_at", completions.Select(c => StoredTime.ToMilliseconds(c.DueAt)).ToArray()));
        p.Add(new NpgsqlParameter<long>("now", StoredTime.ToMilliseconds(Time.GetUtcNow())));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
