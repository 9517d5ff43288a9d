using System.Data;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

public abstract partial class RelationalTouchLedger : ITouchQueue
{
    public async Task<long> CountDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        // The claim's own condition, so the count is what the dispatchers would take next.
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand($"SELECT COUNT(*) FROM touches WHERE {TouchRow.Claimable}");
        command.AddParameter("@now", StoredTime.ToMilliseconds(now), DbType.Int64);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }
}
