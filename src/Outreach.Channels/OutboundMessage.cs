using Outreach.Core;

namespace Outreach.Channels;

/// <summary>One rendered message on its way to one customer over one channel.</summary>
/// <param name="TouchId">Idempotency key of the touch (campaign run, step, customer): a provider sees it at most once.</param>
public sealed record OutboundMessage(
    string TouchId,
    string CampaignId,
    string CustomerId,
    Channel Channel,
    string Address,
    string Body)
{
    public string? Subject { get; init; }
    public string? Html { get; init; }
    public string? TemplateId { get; init; }
    public string? Voice { get; init; }
    public string? Language { get; init; }
    public string? Variant { get; init; }

    /// <summary>
    /// When the message must no longer leave: the dispatcher's claim on its touch is running out, and past it another
    /// node may take the touch over and send it too. A sender that would have to wait (for a send-rate token) stops
    /// waiting then and answers <see cref="DeliveryResult.NotSent"/>. Null: no such moment.
    /// </summary>
    public DateTimeOffset? NotAfter { get; init; }
}
