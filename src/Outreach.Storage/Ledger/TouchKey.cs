namespace Outreach.Storage.Ledger;

/// <summary>The deterministic id of a touch: the same campaign, run, step and customer always give the same id.</summary>
public static class TouchKey
{
    /// <summary>
    /// <c>campaign/run/step/customer</c>, each part escaped, so a '/' inside an id can never make two touches collide.
    /// </summary>
    public static string For(string campaignId, string runId, int step, string customerId) =>
        $"{Uri.EscapeDataString(campaignId)}/{Uri.EscapeDataString(runId)}/{step}/{Uri.EscapeDataString(customerId)}";
}
