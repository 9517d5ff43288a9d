using System.Data.Common;
using Microsoft.Data.Sqlite;
using Outreach.Core.Customers;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;
using Outreach.Storage.Sqlite;

namespace Outreach.Storage.Tests.Ledger;

/// <summary>The ledger contract on SQLite, each database in its own temporary file.</summary>
public sealed class SqliteTouchLedgerTests : TouchLedgerContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreach-storage-tests", Guid.NewGuid().ToString("N"));

    protected override Task<string> NewLocationAsync() => Task.FromResult(Path.Combine(_folder, $"{Guid.NewGuid():N}.db"));

    protected override ICustomerStore OpenStore(string location) =>
        new SqliteCustomerStore(location, new ProfileCalculator(new LifecycleOptions()), new ContactValidator(), Clock);

    protected override ITouchLedger OpenLedger(string location) => new SqliteTouchLedger(location, Clock);

    protected override IRunStore OpenRuns(string location) => new SqliteTouchLedger(location, Clock);

    protected override IReadOnlyList<string> SchemaMigrations => SqliteSchema.Migrations;

    protected override async Task<DbConnection> ConnectAsync(string location)
    {
        var connection = new SqliteConnection(SqliteFiles.ConnectionString(location));
        await connection.OpenAsync();
        return connection;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
