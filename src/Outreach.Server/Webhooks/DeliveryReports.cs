using Outreach.Core;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Webhooks;

/// <summary>Applies a provider's delivery report to the ledger and answers the provider: the part every callback shares.</summary>
public sealed class DeliveryReports(ITouchLedger ledger, ILogger<DeliveryReports> logger)
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
