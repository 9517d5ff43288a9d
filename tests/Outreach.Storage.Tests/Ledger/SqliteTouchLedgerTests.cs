using Outreach.Core.Customers;
using Outreach.Storage.Ledger;
using Outreach.Storage.Sqlite;

namespace Outreach.Storage.Tests.Ledger;

/// <summary>The ledger contract on SQLite, each test in its own temporary file.</summary>
public sealed class SqliteTouchLedgerTests : TouchLedgerContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreach-storage-tests", Guid.NewGuid().ToString("N"));

    protected override Task<string> NewLocationAsync() => Task.FromResult(Path.Combine(_folder, "outreach.db"));

    protected override ICustomerStore OpenStore(string location) =>
        new SqliteCustomerStore(location, new ProfileCalculator(new LifecycleOptions()), new ContactValidator(), Clock);

    protected override ITouchLedger OpenLedger(string location) => new SqliteTouchLedger(location, Clock);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
