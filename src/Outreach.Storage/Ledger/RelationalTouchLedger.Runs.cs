using System.Data;
using System.Data.Common;
using Outreach.Storage.Relational;
using Outreach.Storage.Runs;

namespace Outreach.Storage.Ledger;

// Runs and cursors share the ledger's database and connections: a run's state and its touches are one source of truth.
public abstract partial class RelationalTouchLedger : IRunStore
{
    private const string RunColumns = "campaign_id, run_id, state, trigger, audience, note, created_at, updated_at";

    public async Task<RunRecord> StartRunAsync(string campaignId, string runId, string trigger, CancellationToken ct = default)
    {
        await using (var connection = await OpenAsync(ct))
        await using (var insert = connection.CreateCommand(
                         $"INSERT INTO runs ({RunColumns}) VALUES (@campaign, @run, @state, @trigger, NULL, NULL, @now, @now) " +
                         "ON CONFLICT (campaign_id, run_id) DO NOTHING"))
        {
            insert.AddParameter("@campaign", campaignId, DbType.String);
            insert.AddParameter("@run", runId, DbType.String);
            insert.AddParameter("@state", RunState.Planning.ToString(), DbType.String);
            insert.AddParameter("@trigger", trigger, DbType.String);
            insert.AddParameter("@now", StoredTime.ToMilliseconds(Time.GetUtcNow()), DbType.Int64);
            await insert.ExecuteNonQueryAsync(ct);
        }
        return await GetRunAsync(campaignId, runId, ct) ?? throw new InvalidOperationException($"Run {campaignId}/{runId} vanished as it was created.");
    }

    public Task FinishPlanningAsync(string campaignId, string runId, long audience, CancellationToken ct = default) =>
        SetAudienceAsync("@audience", campaignId, runId, audience, ct);

    public Task AddToAudienceAsync(string campaignId, string runId, long added, CancellationToken ct = default) =>
        SetAudienceAsync("COALESCE(audience, 0) + @audience", campaignId, runId, added, ct);

    private async Task SetAudienceAsync(string value, string campaignId, string runId, long audience, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            $"UPDATE runs SET audience = {value}, updated_at = @now, " +
            $"state = CASE WHEN state = '{RunState.Planning}' THEN '{RunState.Running}' ELSE state END " +
            "WHERE campaign_id = @campaign AND run_id = @run");
        command.AddParameter("@audience", audience, DbType.Int64);
        command.AddParameter("@now", StoredTime.ToMilliseconds(Time.GetUtcNow()), DbType.Int64);
        command.AddParameter("@campaign", campaignId, DbType.String);
        command.AddParameter("@run", runId, DbType.String);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> SetRunStateAsync(string campaignId, string runId, RunState state, string? note, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            "UPDATE runs SET state = @state, note = @note, updated_at = @now WHERE campaign_id = @campaign AND run_id = @run");
        command.AddParameter("@state", state.ToString(), DbType.String);
        command.AddParameter("@note", note, DbType.String);
        command.AddParameter("@now", StoredTime.ToMilliseconds(Time.GetUtcNow()), DbType.Int64);
        command.AddParameter("@campaign", campaignId, DbType.String);
        command.AddParameter("@run", runId, DbType.String);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<RunRecord?> GetRunAsync(string campaignId, string runId, CancellationToken ct = default)
    {
        var runs = await QueryRunsAsync($"SELECT {RunColumns} FROM runs WHERE campaign_id = @campaign AND run_id = @run", command =>
        {
            command.AddParameter("@campaign", campaignId, DbType.String);
            command.AddParameter("@run", runId, DbType.String);
        }, ct);
        return runs.Count > 0 ? runs[0] : null;
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? campaignId, int limit, CancellationToken ct = default) =>
        QueryRunsAsync(
            $"SELECT {RunColumns} FROM runs {(campaignId is null ? "" : "WHERE campaign_id = @campaign ")}ORDER BY created_at DESC, run_id DESC LIMIT @limit",
            command =>
            {
                if (campaignId is not null) command.AddParameter("@campaign", campaignId, DbType.String);
                command.AddParameter("@limit", limit, DbType.Int32);
            }, ct);

    public async Task<string?> GetCursorAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand("SELECT value FROM cursors WHERE name = @name");
        command.AddParameter("@name", name, DbType.String);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task SetCursorAsync(string name, string value, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            "INSERT INTO cursors (name, value, updated_at) VALUES (@name, @value, @now) " +
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
        command.AddParameter("@name", name, DbType.String);
        command.AddParameter("@value", value, DbType.String);
        command.AddParameter("@now", StoredTime.ToMilliseconds(Time.GetUtcNow()), DbType.Int64);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<RunRecord>> QueryRunsAsync(string sql, Action<DbCommand> bind, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<RunRecord>();
        while (await reader.ReadAsync(ct))
            runs.Add(new RunRecord(
                reader.GetString(0), reader.GetString(1), Enum.Parse<RunState>(reader.GetString(2)), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                StoredTime.FromMilliseconds(reader.GetInt64(6)), StoredTime.FromMilliseconds(reader.GetInt64(7))));
        return runs;
    }
}
