namespace Outreach.Channels;

/// <summary>What a provider said about a send. Provider answers are values, never exceptions.</summary>
public abstract record DeliveryResult
{
    /// <summary>Accepted by the provider; <paramref name="ProviderId"/> ties later status callbacks to the touch.</summary>
    public sealed record Sent(string ProviderId) : DeliveryResult;

    /// <summary>
    /// Will not succeed if retried; <paramref name="Suppress"/> when the contact must not be used again (invalid, or
    /// <paramref name="OptedOut"/>: the customer told the provider to stop).
    /// </summary>
    public sealed record PermanentFailure(string Reason, bool Suppress = false, bool OptedOut = false) : DeliveryResult;

    /// <summary>May succeed later; retry no sooner than <paramref name="RetryAfter"/> when the provider said so.</summary>
    public sealed record TransientFailure(string Reason, TimeSpan? RetryAfter = null) : DeliveryResult;

    /// <summary>
    /// Never handed to the provider (the wait for a send-rate token lasted until <see cref="OutboundMessage.NotAfter"/>):
    /// nothing left, the provider is not at fault, and the touch simply goes at its next claim.
    /// </summary>
    public sealed record NotSent(string Reason) : DeliveryResult;
}
