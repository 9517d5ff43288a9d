using System.Data.Common;
using Npgsql;

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
    private protected override string ClaimSql { get; } =
        $"WITH due AS (SELECT id FROM touches WHERE {TouchRow.Claimable} ORDER BY due_at, id LIMIT @max FOR UPDATE SKIP LOCKED) " +
        $"UPDATE touches t SET status = 'Reserved', due_at = @lease_until, attempts = t.attempts + 1, updated_at = @now " +
        $"FROM due WHERE t.id = due.id " +
        $"RETURNING {string.Join(", ", TouchRow.Columns.Split(", ").Select(c => "t." + c))}";

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
