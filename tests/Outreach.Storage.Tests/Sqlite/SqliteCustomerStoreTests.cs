using Outreach.Core.Customers;
using Outreach.Storage.Sqlite;

namespace Outreach.Storage.Tests.Sqlite;

/// <summary>The store contract on SQLite, each store in its own temporary file.</summary>
public sealed class SqliteCustomerStoreTests : CustomerStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreach-storage-tests", Guid.NewGuid().ToString("N"));

    // A nested folder that does not exist yet: the store must create it.
    protected override Task<string> NewLocationAsync() =>
        Task.FromResult(Path.Combine(_folder, Guid.NewGuid().ToString("N"), "outreach.db"));

    protected override ICustomerStore Open(string location, ProfileCalculator calculator) =>
        new SqliteCustomerStore(location, calculator, new ContactValidator(), Clock);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
