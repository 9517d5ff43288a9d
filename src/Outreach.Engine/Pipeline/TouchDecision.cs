using Outreach.Campaigns.Rendering;
using Outreach.Core;

namespace Outreach.Engine.Pipeline;

/// <summary>The decision for one customer in one campaign step, with its reason; the message when there is one to send.</summary>
public sealed record TouchDecision(
    string TouchId,
    string CustomerId,
    TouchOutcome Outcome,
    string Reason)
{
    public string? Variant { get; init; }
    public Channel? Channel { get; init; }
    public string? Address { get; init; }

    /// <summary>Deferred, capped or waiting: the earliest moment trying again can succeed.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Capped or dropped by a cap: the rule that was full, as configured (e.g. "3 per 7d").</summary>
    public string? CapRule { get; init; }
    public RenderedMessage? Message { get; init; }
    public string? ProviderId { get; init; }
}
