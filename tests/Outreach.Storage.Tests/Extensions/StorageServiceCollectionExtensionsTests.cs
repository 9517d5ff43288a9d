using Microsoft.Extensions.Options;
using Outreach.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Customers;
using Outreach.Storage.Extensions;
using Outreach.Storage.Ledger;
using Outreach.Storage.Postgres;
using Outreach.Storage.Runs;
using Outreach.Storage.Sqlite;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Extensions;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreach-storage-tests", Guid.NewGuid().ToString("N"));

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddOutreachStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task Sqlite_is_the_default_store_and_creates_its_folder()
    {
        var path = Path.Combine(_folder, "data", "outreach.db");
        await using var services = Build(new() { ["Storage:SqlitePath"] = path });

        var store = services.GetRequiredService<ICustomerStore>();
        await store.MigrateAsync();

        Assert.IsType<SqliteCustomerStore>(store);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Postgres_provider_uses_the_configured_connection_string()
    {
        await using var services = Build(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = PostgresDatabase.ServerConnectionString,
        });

        Assert.IsType<PostgresCustomerStore>(services.GetRequiredService<ICustomerStore>());
    }

    [Fact]
    public async Task Postgres_provider_without_connection_string_says_what_is_missing()
    {
        await using var services = Build(new() { ["Storage:Provider"] = "postgres" });

        // A configuration problem, named by key: the CLI prints it as such and exits 78.
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ICustomerStore>());
        Assert.Contains("Storage:PostgresConnectionString is required", error.Message);
    }

    [Fact]
    public async Task Unknown_provider_is_rejected_with_the_known_ones()
    {
        await using var services = Build(new() { ["Storage:Provider"] = "oracle" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ICustomerStore>());
        Assert.Contains("Storage:Provider 'oracle' is not known; use 'sqlite' or 'postgres'", error.Message);
    }

    [Fact]
    public async Task Lifecycle_thresholds_come_from_configuration()
    {
        await using var services = Build(new()
        {
            ["Storage:SqlitePath"] = Path.Combine(_folder, "outreach.db"),
            ["Lifecycle:NewCustomerDays"] = "14",
            ["Lifecycle:ChurnedAfterDays"] = "90",
        });

        var options = services.GetRequiredService<ProfileCalculator>().Options;

        Assert.Equal((14, 90.0), (options.NewCustomerDays, options.ChurnedAfterDays));
        Assert.NotNull(services.GetRequiredService<ContactValidator>());
    }

    [Fact]
    public async Task Configured_score_bounds_replace_the_defaults()
    {
        await using var services = Build(new()
        {
            ["Storage:SqlitePath"] = Path.Combine(_folder, "outreach.db"),
            ["Lifecycle:RecencyDays:0"] = "3",
            ["Lifecycle:RecencyDays:1"] = "10",
            ["Lifecycle:MonetaryAmounts:0"] = "50",
        });

        var options = services.GetRequiredService<ProfileCalculator>().Options;

        Assert.Equal([3.0, 10.0], options.RecencyDays);
        Assert.Equal([50m], options.MonetaryAmounts);
        Assert.Equal([2, 4, 8, 16], options.FrequencyCounts);
    }

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
    public async Task The_run_store_is_the_ledger_itself()
    {
        await using var services = Build(new() { ["Storage:SqlitePath"] = Path.Combine(_folder, "outreach.db") });
        await services.GetRequiredService<ICustomerStore>().MigrateAsync();

        var runs = services.GetRequiredService<IRunStore>();

        Assert.Same(services.GetRequiredService<ITouchLedger>(), runs);
        Assert.Equal(RunState.Planning, (await runs.StartRunAsync("c", "r", "manual")).State);
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
