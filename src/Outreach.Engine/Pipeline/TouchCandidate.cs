using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Engine.Pipeline;

/// <summary>A customer to decide for, under the touch's ledger id; a deferral past <paramref name="ExpiresAt"/> drops it.</summary>
public sealed record TouchCandidate(string TouchId, CustomerProfile Profile, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Channels this touch already failed on for good: the decision falls back to the variant's next one.</summary>
    public IReadOnlySet<Channel> FailedOn { get; init; } = new HashSet<Channel>();
}
