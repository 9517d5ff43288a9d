using System.Data.Common;
using Outreach.Core;
using Outreach.Storage.Ledger;
using Outreach.Storage.Relational;
using Outreach.Storage.Runs;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Ledger;

// A database a previous release left behind must upgrade in place, keeping its touches.
public abstract partial class TouchLedgerContract
{
    private const string MigrationsTable = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";

    [Fact]
    public async Task A_database_at_schema_version_2_upgrades_and_keeps_its_touches()
    {
        Assert.True(SchemaMigrations.Count >= 3);
        var location = await NewLocationAsync();
        var dueAt = Days.Ago(1);
        await using (var connection = await ConnectAsync(location))
        {
            await MigrateByHandAsync(connection, versions: 2);
            // A touch as version 2 wrote it: no sequence_at column yet.
            await connection.ExecuteAsync(
                "INSERT INTO touches (id, campaign_id, run_id, step, customer_id, status, channel, variant, reason, due_at, " +
                "expires_at, attempts, provider_id, created_at, updated_at) VALUES " +
                $"('winback/old/0/c1', 'winback', 'old', 0, 'c1', 'Planned', 'sms', 'A', 'decided', {dueAt.ToUnixTimeMilliseconds()}, " +
                $"NULL, 0, NULL, {Days.Ago(2).ToUnixTimeMilliseconds()}, {Days.Ago(2).ToUnixTimeMilliseconds()})",
                null, CancellationToken.None);
        }

        await Opened(OpenStore(location)).MigrateAsync();
        await Opened(OpenStore(location)).MigrateAsync(); // a second start finds nothing to do

        await using (var connection = await ConnectAsync(location))
        await using (var version = connection.CreateCommand("SELECT MAX(version), COUNT(*) FROM schema_migrations"))
        await using (var reader = await version.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal((SchemaMigrations.Count, SchemaMigrations.Count), (Convert.ToInt32(reader.GetValue(0)), Convert.ToInt32(reader.GetValue(1))));
        }
        var ledger = Opened(OpenLedger(location));
        var old = await ledger.GetAsync("winback/old/0/c1");
        Assert.Equal(
            new TouchRecord("winback", "old", 0, "c1")
            {
                Channel = Channel.Sms, Variant = "A", Reason = "decided", DueAt = dueAt, SequenceAt = null,
                CreatedAt = Days.Ago(2), UpdatedAt = Days.Ago(2),
            },
            old);

        // The upgraded database works as a new one: the old touch is claimed, new touches and runs are stored.
        Assert.Equal(["winback/old/0/c1"], (await ledger.ClaimDueAsync(Days.Now, 10, Lease, "winback", "old")).Select(t => t.TouchId));
        Assert.Equal(1, await ledger.PlanAsync([Touch("c2", run: "new")]));
        Assert.Equal(Days.Now, (await ledger.GetAsync(TouchKey.For("winback", "new", 0, "c2")))!.SequenceAt);
        var runs = Opened(OpenRuns(location));
        Assert.Equal(RunState.Planning, (await runs.StartRunAsync("winback", "new", "manual")).State);
    }

    /// <summary>Brings an empty database to <paramref name="versions"/> the way the migrator of that release did.</summary>
    private async Task MigrateByHandAsync(DbConnection connection, int versions)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(MigrationsTable, transaction, CancellationToken.None);
        for (var version = 1; version <= versions; version++)
        {
            await connection.ExecuteAsync(SchemaMigrations[version - 1], transaction, CancellationToken.None);
            await connection.ExecuteAsync(
                $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, {Days.Ago(30).ToUnixTimeMilliseconds()})",
                transaction, CancellationToken.None);
        }
        await transaction.CommitAsync();
    }
}
