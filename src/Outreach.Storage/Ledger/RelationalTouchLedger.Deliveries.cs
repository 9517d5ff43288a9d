using System.Data;
using Outreach.Core;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

// Delivery reports (status callbacks, send-finished events) move a Sent touch to its final status, and nothing else.
public abstract partial class RelationalTouchLedger
{
    public async Task<DeliveryUpdate> RecordDeliveryAsync(
        string touchId, string providerId, TouchStatus status, string reason, CancellationToken ct = default)
    {
        if (status is not (TouchStatus.Delivered or TouchStatus.Failed))
            throw new ArgumentOutOfRangeException(nameof(status), status, "A delivery report records Delivered or Failed.");
        ArgumentException.ThrowIfNullOrEmpty(providerId);
        // One conditional statement, so two reports racing for the same touch cannot both apply: the first one wins.
        const string sql =
            "UPDATE touches SET status = @status, reason = @reason, updated_at = @now " +
            $"WHERE id = @id AND provider_id = @provider_id AND status = '{nameof(TouchStatus.Sent)}'";
        await using (var connection = await OpenAsync(ct))
        await using (var command = connection.CreateCommand(sql))
        {
            command.AddParameter("@status", TouchRow.Name(status), DbType.String);
            command.AddParameter("@reason", reason, DbType.String);
            command.AddParameter("@now", StoredTime.ToMilliseconds(Time.GetUtcNow()), DbType.Int64);
            command.AddParameter("@id", touchId, DbType.String);
            command.AddParameter("@provider_id", providerId, DbType.String);
            if (await command.ExecuteNonQueryAsync(ct) > 0) return DeliveryUpdate.Recorded;
        }
        return await GetAsync(touchId, ct) switch
        {
            null => DeliveryUpdate.NotFound,
            { Status: TouchStatus.Reserved } => DeliveryUpdate.NotYetSent,
            _ => DeliveryUpdate.Unchanged,
        };
    }

    public async Task<TouchRecord?> FindByProviderIdAsync(Channel channel, string providerId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            $"SELECT {TouchRow.Columns} FROM touches WHERE provider_id = @provider_id AND channel = @channel ORDER BY updated_at DESC, id LIMIT 1");
        command.AddParameter("@provider_id", providerId, DbType.String);
        command.AddParameter("@channel", channel.ToName(), DbType.String);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? TouchRow.Read(reader) : null;
    }
}
