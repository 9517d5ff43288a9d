using Outreach.Core;

namespace Outreach.Storage.Ledger;

/// <summary>
/// One touch in the ledger: a (campaign, run, step, customer) and where it stands. <see cref="TouchId"/> follows from
/// the four keys, so a re-run plans the very same touch again rather than a second one.
/// </summary>
public sealed record TouchRecord(string CampaignId, string RunId, int Step, string CustomerId)
{
    public string TouchId { get; } = TouchKey.For(CampaignId, RunId, Step, CustomerId);

    public TouchStatus Status { get; init; } = TouchStatus.Planned;

    /// <summary>The channel chosen, when one was (a held-out or suppressed touch has none).</summary>
    public Channel? Channel { get; init; }

    public string? Variant { get; init; }

    /// <summary>Why the touch has its status (e.g. the cap rule, the quiet hours, the provider's error).</summary>
    public string? Reason { get; init; }

    /// <summary>When it may be tried; for a <see cref="TouchStatus.Reserved"/> touch, when its lease runs out.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>When the customer's sequence began (step 0 was due): the campaign's goal counts from there. Null: <see cref="DueAt"/>.</summary>
    public DateTimeOffset? SequenceAt { get; init; }

    /// <summary>After this a deferred touch is worth nothing and is dropped.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>How many times a dispatcher has claimed it.</summary>
    public int Attempts { get; init; }

    /// <summary>The provider's message id once sent (delivery callbacks refer to it).</summary>
    public string? ProviderId { get; init; }

    /// <summary>Set by the ledger; ignored when planning.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set by the ledger; ignored when planning.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
