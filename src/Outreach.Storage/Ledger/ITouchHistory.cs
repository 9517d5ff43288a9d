namespace Outreach.Storage.Ledger;

/// <summary>
/// The ledger read back for results: every touch of a campaign, customer by customer, for attribution and per-variant
/// counts. Implemented by the touch ledger itself (the same database), registered beside it.
/// </summary>
public interface ITouchHistory
{
    /// <summary>
    /// Every touch of <paramref name="campaignId"/> of every run, in batches of about <paramref name="customersPerBatch"/>
    /// customers; a customer's touches are all in one batch, oldest update first. One streamed query: memory grows with
    /// the batch, not the campaign.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<TouchRecord>> StreamCampaignTouchesAsync(string campaignId, int customersPerBatch, CancellationToken ct = default);
}
