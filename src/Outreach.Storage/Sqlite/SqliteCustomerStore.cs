using System.Data.Common;
using Microsoft.Data.Sqlite;
using Outreach.Core.Customers;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Sqlite;

/// <summary>The embedded default customer store: one SQLite file in WAL mode (readers never wait for the writer).</summary>
public sealed class SqliteCustomerStore : RelationalCustomerStore, IDisposable
{
    private readonly string _connectionString;

    /// <param name="path">The database file; its folder is created when missing.</param>
    public SqliteCustomerStore(string path, ProfileCalculator calculator, ContactValidator validator, TimeProvider time)
        : base(SqliteDialect.Instance, calculator, validator, time)
    {
        _connectionString = SqliteFiles.ConnectionString(path);
    }

    private protected override IReadOnlyList<string> Migrations => SqliteSchema.Migrations;

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await SqliteFiles.OpenAsync(_connectionString, ct);

    public override async Task MigrateAsync(CancellationToken ct = default)
    {
        // WAL is a property of the file, set once; it cannot change inside the migration transaction.
        await using (var connection = await OpenAsync(ct))
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL", null, ct);
        await base.MigrateAsync(ct);
    }

    private protected override async ValueTask<IBulkWriter> StartBulkLoadAsync(long now, CancellationToken ct) =>
        new SqliteBulkWriter((SqliteConnection)await OpenAsync(ct), now);

    /// <summary>Closes the pooled connections so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
