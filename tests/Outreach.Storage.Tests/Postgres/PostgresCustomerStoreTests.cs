using Outreach.Testing;
using Outreach.Core.Customers;
using Outreach.Storage.Postgres;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Postgres;

/// <summary>The store contract on a real PostgreSQL server, each store in its own schema of a throw-away database.</summary>
public sealed class PostgresCustomerStoreTests(PostgresDatabase database) : CustomerStoreContract, IClassFixture<PostgresDatabase>
{
    protected override Task<string> NewLocationAsync() => database.NewSchemaAsync();

    protected override ICustomerStore Open(string location, ProfileCalculator calculator) =>
        new PostgresCustomerStore(location, calculator, new ContactValidator(), Clock);
}
