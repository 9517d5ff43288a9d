using Outreach.Testing;
using Microsoft.Data.Sqlite;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>Quartz's tables are created on first start when missing, and a second start on the same store is safe.</summary>
public sealed class JobStoreSchemaTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_sqlite_job_store_schema_is_created_on_first_start_and_applies_again_safely()
    {
        _folder.WriteCampaign("coupon.yaml", TestCampaigns.Scheduled("coupon", "0 0 10 * * ?"));
        var file = Path.Combine(_folder.Path, "quartz.db");

        await StartAndStopAsync(_folder.Path);
        var tables = await SqliteTablesAsync(file);
        await StartAndStopAsync(_folder.Path);

        Assert.Contains("QRTZ_JOB_DETAILS", tables, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("QRTZ_CRON_TRIGGERS", tables, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(tables, await SqliteTablesAsync(file));
        await using var node = await SchedulerNode.CreateAsync(_folder.Path);
        Assert.NotNull(await node.TriggerOfAsync("coupon"));
    }

    [Fact]
    public async Task The_postgres_job_store_schema_is_created_on_first_start_and_applies_again_safely()
    {
        _folder.WriteCampaign("coupon.yaml", TestCampaigns.Scheduled("coupon", "0 0 10 * * ?"));
        var schema = await postgres.NewSchemaAsync();
        const string countTables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'qrtz%'";

        await StartAndStopAsync(_folder.Path, schema);
        var tables = await postgres.CountAsync(schema, countTables);
        await StartAndStopAsync(_folder.Path, schema);

        Assert.True(tables >= 10, $"only {tables} Quartz tables");
        Assert.Equal(tables, await postgres.CountAsync(schema, countTables));
        Assert.Equal(1, await postgres.CountAsync(schema, "SELECT count(*) FROM qrtz_cron_triggers"));
    }

    private static async Task StartAndStopAsync(string folder, string? postgres = null)
    {
        await using var node = await SchedulerNode.CreateAsync(folder, postgres);
        await node.Scheduler.StartAsync();
    }

    private static async Task<List<string>> SqliteTablesAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    public void Dispose() => _folder.Dispose();
}
