namespace Outreach.Limits;

/// <summary>
/// Contact-frequency control: checks every cap, whitelist and suppression that applies to a touch and reserves it in one
/// atomic step. Outcomes are values; exceptions mean bugs.
/// </summary>
public interface ITouchLimiter
{
    /// <summary>Check and reserve one touch. Retrying the same <see cref="TouchRequest.TouchId"/> answers AlreadyReserved.</summary>
    ValueTask<LimitDecision> TryReserveAsync(TouchRequest request, CancellationToken ct = default);

    /// <summary>Check and reserve many touches at once (pipelined); answers in request order.</summary>
    Task<IReadOnlyList<LimitDecision>> TryReserveManyAsync(IReadOnlyList<TouchRequest> requests, CancellationToken ct = default);

    /// <summary>Give back the reservation of a touch that definitively failed, so it no longer counts.</summary>
    Task<ReleaseResult> ReleaseAsync(TouchRequest request, CancellationToken ct = default);

    /// <summary>What a reservation would answer now, without reserving: counts per rule and when the customer is next eligible.</summary>
    Task<CapStatus> ExplainAsync(TouchRequest request, CancellationToken ct = default);
}

/// <summary>How a release went. Unavailable leaves the reservation in place (it only ever over-counts).</summary>
public enum ReleaseResult
{
    Released,
    NotFound,
    Unavailable,
}
