using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Engine;
using Outreach.Limits;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Webhooks;

/// <summary>
/// Applies a provider's delivery report to the ledger and answers the provider: the part every callback shares. A touch
/// that failed after all gives its cap slot back, as one refused at once does: it never reached the customer.
/// </summary>
public sealed class DeliveryReports(
    ITouchLedger ledger, ITouchLimiter limiter, ICampaignSource campaigns, ICustomerStore store, TimeProvider time, ILogger<DeliveryReports> logger)
{
    /// <summary>How long a provider is asked to wait before bringing back a report that came before the send was recorded.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public async Task<IResult> RecordAsync(Channel channel, string touchId, string providerId, TouchStatus status, string reason, CancellationToken ct)
    {
        var update = string.IsNullOrEmpty(touchId)
            ? DeliveryUpdate.NotFound
            : await ledger.RecordDeliveryAsync(touchId, providerId, status, reason, ct);
        switch (update)
        {
            case DeliveryUpdate.Recorded:
                logger.LogInformation("Touch {TouchId}: {Channel} {ProviderId} → {Status} ({Reason})", touchId, channel.ToName(), providerId, status, reason);
                if (status == TouchStatus.Failed) await GiveBackCapSlotAsync(channel, touchId, ct);
                return TypedResults.Ok();
            case DeliveryUpdate.NotYetSent:
                // The dispatcher has not written the send yet; an error answer makes a provider that retries come back later.
                logger.LogInformation("Touch {TouchId}: {Channel} report for {ProviderId} came before the send was recorded; asked to retry",
                    touchId, channel.ToName(), providerId);
                return new RetryLater(RetryAfter);
            case DeliveryUpdate.Unchanged:
                logger.LogInformation("Touch {TouchId}: {Channel} report {Status} for {ProviderId} changes nothing (already final, or another send)",
                    touchId, channel.ToName(), status, providerId);
                return TypedResults.Ok();
            default:
                logger.LogWarning("{Channel} report {Status} for {ProviderId} names no known touch; ignored", channel.ToName(), status, providerId);
                return TypedResults.Ok();
        }
    }

    /// <summary>
    /// Releases the failed touch's reservation under its own id, so nothing else is freed. A touch does not record its
    /// address, so the address history is found from the customer as stored now; a campaign no longer loaded releases
    /// the general marketing histories. A limiter that cannot be reached keeps the slot: caps only ever over-count.
    /// </summary>
    private async Task GiveBackCapSlotAsync(Channel channel, string touchId, CancellationToken ct)
    {
        if (await ledger.GetAsync(touchId, ct) is not { } touch) return;
        var customer = (await store.GetProfilesAsync([touch.CustomerId], time.GetUtcNow(), ct)).FirstOrDefault()?.Customer;
        var address = customer is null ? null : ContactAddress.For(customer, channel);
        var request = campaigns.TryGet(touch.CampaignId, out var campaign)
            ? TouchRequest.For(campaign, touchId, touch.CustomerId, channel, address)
            : new TouchRequest { TouchId = touchId, CustomerId = touch.CustomerId, Channel = channel, Address = address, CampaignId = touch.CampaignId };
        var released = await limiter.ReleaseAsync(request, ct);
        logger.LogInformation("Touch {TouchId}: failed delivery, cap slot {Released}", touchId, released);
    }

    /// <summary>503 with <c>Retry-After</c>.</summary>
    private sealed class RetryLater(TimeSpan after) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }
    }
}
