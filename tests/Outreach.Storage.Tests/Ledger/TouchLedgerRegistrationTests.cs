using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Storage.Extensions;
using Outreach.Storage.Ledger;
using Outreach.Testing;

namespace Outreach.Storage.Tests.Ledger;

public sealed class TouchLedgerRegistrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreach-storage-tests", Guid.NewGuid().ToString("N"));

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddOutreachStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task The_ledger_lives_in_the_same_sqlite_file_as_the_customers()
    {
        await using var services = Build(new() { ["Storage:SqlitePath"] = Path.Combine(_folder, "outreach.db") });
        await services.GetRequiredService<ICustomerStore>().MigrateAsync();
        var ledger = services.GetRequiredService<ITouchLedger>();

        Assert.IsType<SqliteTouchLedger>(ledger);
        Assert.Equal(1, await ledger.PlanAsync([new TouchRecord("c", "r", 0, "x") { DueAt = DateTimeOffset.UtcNow }]));
    }

    [Fact]
    public async Task Postgres_provider_gives_the_postgres_ledger()
    {
        await using var services = Build(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = PostgresDatabase.ServerConnectionString,
        });

        Assert.IsType<PostgresTouchLedger>(services.GetRequiredService<ITouchLedger>());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
