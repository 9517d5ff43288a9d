using Outreach.Core;

namespace Outreach.Storage.Ledger;

/// <summary>
/// What became of a claimed touch. It applies only while the touch is still Reserved under the claim that made it
/// (<paramref name="Attempt"/>): a node whose lease ran out cannot overwrite what the next claimer recorded.
/// </summary>
/// <param name="DueAt">When a deferred or capped touch may be tried again; null keeps the due time.</param>
public sealed record TouchCompletion(
    string TouchId,
    int Attempt,
    TouchStatus Status,
    string Reason,
    Channel? Channel = null,
    string? Variant = null,
    string? ProviderId = null,
    DateTimeOffset? DueAt = null);
