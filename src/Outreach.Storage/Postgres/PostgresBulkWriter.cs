using Npgsql;
using NpgsqlTypes;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Postgres;

/// <summary>
/// The PostgreSQL bulk path. Each chunk is one transaction: a single binary COPY streams every customer, with tag
/// keys and events as arrays, into a temporary table as rows arrive (nothing is held in memory), then set-based
/// merges replace existing customers and skip events seen before, as on SQLite. Two connections take turns, so
/// the next chunk streams in while the previous one merges; merges still run one after the other, in order.
/// </summary>
internal sealed class PostgresBulkWriter(NpgsqlDataSource dataSource, long now) : IBulkWriter
{
    // A bulk load can be run again (customers are replaced, events deduplicated), so its commits need not wait
    // for the WAL to reach disk.
    private const string Setup = """
        SET LOCAL synchronous_commit = off;
        CREATE TEMP TABLE IF NOT EXISTS bulk_rows (
            LIKE customers,
            seq BIGINT NOT NULL,
            tag_keys TEXT[] NOT NULL,
            event_ids TEXT[] NOT NULL,
            event_types TEXT[] NOT NULL,
            event_times BIGINT[] NOT NULL,
            event_amounts BIGINT[] NOT NULL,
            event_properties JSONB[] NOT NULL
        ) ON COMMIT DELETE ROWS;
        """;

    private static readonly string CopyColumns =
        $"{CustomerTable.ColumnList}, updated_at, seq, tag_keys, event_ids, event_types, event_times, event_amounts, event_properties";

    // A customer twice in one chunk: the later row wins (as on SQLite); the merge must not touch a row twice.
    private const string LastRowPerCustomer = "(SELECT DISTINCT ON (id) * FROM bulk_rows ORDER BY id, seq DESC)";

    private static readonly string Merge =
        $"INSERT INTO customers ({CustomerTable.ColumnList}, updated_at) " +
        $"SELECT {CustomerTable.ColumnList}, updated_at FROM {LastRowPerCustomer} b {CustomerTable.OnConflict(bulk: true)};" +
        "DELETE FROM customer_tags t USING bulk_rows b WHERE t.customer_id = b.id;" +
        $"INSERT INTO customer_tags (customer_id, tag_key) SELECT b.id, k.key FROM {LastRowPerCustomer} b, unnest(b.tag_keys) AS k(key);" +
        "INSERT INTO customer_events (id, customer_id, type, occurred_at, amount_units, properties, received_at) " +
        "SELECT e.id, b.id, e.type, e.occurred_at, e.amount_units, e.properties, b.updated_at FROM bulk_rows b, " +
        "unnest(b.event_ids, b.event_types, b.event_times, b.event_amounts, b.event_properties) AS e(id, type, occurred_at, amount_units, properties) " +
        "ON CONFLICT (id) DO NOTHING;";

    private readonly NpgsqlConnection?[] _connections = new NpgsqlConnection?[2];
    private int _turn;
    private Task _merging = Task.CompletedTask;

    public async Task<int> WriteChunkAsync(IAsyncEnumerable<BulkRow> chunk, CancellationToken ct)
    {
        _turn ^= 1;
        // This connection's previous chunk was merged before the chunk after it started merging.
        var connection = _connections[_turn] ??= await dataSource.OpenConnectionAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            await connection.ExecuteAsync(Setup, transaction, ct);
            var count = await CopyAsync(connection, chunk, ct);
            await _merging;
            _merging = MergeAsync(connection, transaction, ct);
            return count;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _merging;
        // Fresh statistics now rather than when autovacuum gets round to it, so the planner knows the new rows.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync("ANALYZE customers, customer_tags, customer_events", null, ct);
    }

    private async Task<int> CopyAsync(NpgsqlConnection connection, IAsyncEnumerable<BulkRow> chunk, CancellationToken ct)
    {
        var count = 0;
        await using var importer = await connection.BeginBinaryImportAsync($"COPY bulk_rows ({CopyColumns}) FROM STDIN (FORMAT BINARY)", ct);
        var copy = new CopyRow(importer);
        await foreach (var row in chunk.WithCancellation(ct))
        {
            // Values are small and buffered by the importer: synchronous writes spare an await per value.
            importer.StartRow();
            row.Customer.WriteTo(copy);
            copy.BigInt(now);
            copy.BigInt(count++);
            importer.Write(row.Customer.TagKeys, NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(row.Events.Select(e => e.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(row.Events.Select(e => e.Type).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(row.Events.Select(e => e.OccurredAt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            importer.Write(row.Events.Select(e => e.AmountUnits).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            importer.Write(row.Events.Select(e => e.PropertiesJson).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        }
        await importer.CompleteAsync(ct);
        return count;
    }

    private static async Task MergeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using (transaction)
        {
            await connection.ExecuteAsync(Merge, transaction, ct);
            await transaction.CommitAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // After a failure the pending merge may have failed too; its error was or will be reported by the load.
        await _merging.ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var connection in _connections)
            if (connection is not null) await connection.DisposeAsync();
    }

    private sealed class CopyRow(NpgsqlBinaryImporter importer) : IRowWriter
    {
        public void Text(string? value) => Write(value, NpgsqlDbType.Text);

        public void Json(string? value) => Write(value, NpgsqlDbType.Jsonb);

        public void Integer(int value) => importer.Write(value, NpgsqlDbType.Integer);

        public void BigInt(long? value)
        {
            if (value is { } v) importer.Write(v, NpgsqlDbType.Bigint);
            else importer.WriteNull();
        }

        private void Write(string? value, NpgsqlDbType type)
        {
            if (value is null) importer.WriteNull();
            else importer.Write(value, type);
        }
    }
}
