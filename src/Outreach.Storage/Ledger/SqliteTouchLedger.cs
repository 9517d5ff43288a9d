using Outreach.Storage.Sqlite;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

/// <summary>The ledger in the embedded SQLite file, beside the customers.</summary>
public sealed class SqliteTouchLedger : RelationalTouchLedger, IDisposable
{
    private readonly string _connectionString;

    /// <param name="path">The database file of the <see cref="Sqlite.SqliteCustomerStore"/>, which creates the schema.</param>
    public SqliteTouchLedger(string path, TimeProvider time) : base(time)
    {
        _connectionString = SqliteFiles.ConnectionString(path);
    }

    // SQLite has one writer at a time: the claim runs in an immediate (write-locked) transaction, so claimers on
    // other connections wait their turn and then see the rows already Reserved.
    private protected override string ClaimSql(string scope) =>
        $"UPDATE touches SET status = 'Reserved', due_at = @lease_until, attempts = attempts + 1, updated_at = @now " +
        $"WHERE id IN (SELECT id FROM touches WHERE {TouchRow.Claimable}{scope} ORDER BY due_at, id LIMIT @max) " +
        $"RETURNING {TouchRow.Columns}";

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await SqliteFiles.OpenAsync(_connectionString, ct);

    /// <summary>Closes the pooled connections so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
