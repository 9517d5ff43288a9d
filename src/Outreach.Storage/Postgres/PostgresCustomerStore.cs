using System.Data.Common;
using Npgsql;
using Outreach.Core.Customers;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Postgres;

/// <summary>The production customer store on PostgreSQL; bulk loads use binary COPY.</summary>
public sealed class PostgresCustomerStore : RelationalCustomerStore, IAsyncDisposable, IDisposable
{
    /// <summary>Serialises migrations of concurrently starting nodes (an arbitrary, fixed advisory lock key).</summary>
    private const long MigrationLockKey = 0x4F7574726561_6368;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresCustomerStore(string connectionString, ProfileCalculator calculator, ContactValidator validator, TimeProvider time)
        : base(PostgresDialect.Instance, calculator, validator, time) =>
        _dataSource = NpgsqlDataSource.Create(connectionString);

    private protected override IReadOnlyList<string> Migrations => PostgresSchema.Migrations;

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    private protected override async ValueTask<DbConnection> OpenForBatchAsync(CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        // A small ordered LIMIT query gains nothing from parallel workers but would pay their start-up every batch.
        // The setting ends with the session: the pool resets connections it hands out again.
        await connection.ExecuteAsync("SET max_parallel_workers_per_gather = 0", null, ct);
        return connection;
    }

    private protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        await connection.ExecuteAsync($"SELECT pg_advisory_xact_lock({MigrationLockKey})", transaction, ct);

    private protected override ValueTask<IBulkWriter> StartBulkLoadAsync(long now, CancellationToken ct) =>
        ValueTask.FromResult<IBulkWriter>(new PostgresBulkWriter(_dataSource, now));

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
