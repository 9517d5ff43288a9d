using System.Data.Common;
using Npgsql;
using Outreach.Core.Customers;
using Outreach.Storage.Ledger;
using Outreach.Storage.Postgres;
using Outreach.Storage.Runs;
using Outreach.Testing;

namespace Outreach.Storage.Tests.Ledger;

/// <summary>The ledger contract on a real PostgreSQL server, each test in its own schema of a throw-away database.</summary>
public sealed class PostgresTouchLedgerTests(PostgresDatabase database) : TouchLedgerContract, IClassFixture<PostgresDatabase>
{
    protected override Task<string> NewLocationAsync() => database.NewSchemaAsync();

    protected override ICustomerStore OpenStore(string location) =>
        new PostgresCustomerStore(location, new ProfileCalculator(new LifecycleOptions()), new ContactValidator(), Clock);

    protected override ITouchLedger OpenLedger(string location) => new PostgresTouchLedger(location, Clock);

    protected override IRunStore OpenRuns(string location) => new PostgresTouchLedger(location, Clock);

    protected override IReadOnlyList<string> SchemaMigrations => PostgresSchema.Migrations;

    protected override async Task<DbConnection> ConnectAsync(string location)
    {
        var connection = new NpgsqlConnection(location);
        await connection.OpenAsync();
        return connection;
    }
}
