using System.Data;
using System.Runtime.CompilerServices;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

// Results read a campaign's whole history once, customer by customer; ix_touches_campaign narrows it to the campaign.
public abstract partial class RelationalTouchLedger : ITouchHistory
{
    public async IAsyncEnumerable<IReadOnlyList<TouchRecord>> StreamCampaignTouchesAsync(
        string campaignId, int customersPerBatch, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customersPerBatch, 1);
        var sql = $"SELECT {TouchRow.Columns} FROM touches WHERE campaign_id = @campaign ORDER BY customer_id, updated_at, id";
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("@campaign", campaignId, DbType.String);
        await using var reader = await command.ExecuteReaderAsync(ct);

        var batch = new List<TouchRecord>();
        var customers = 0;
        while (await reader.ReadAsync(ct))
        {
            var touch = TouchRow.Read(reader);
            var newCustomer = batch.Count == 0 || batch[^1].CustomerId != touch.CustomerId;
            if (newCustomer && customers == customersPerBatch)
            {
                yield return batch;
                batch = [];
                customers = 0;
            }
            if (newCustomer) customers++;
            batch.Add(touch);
        }
        if (batch.Count > 0) yield return batch;
    }
}
