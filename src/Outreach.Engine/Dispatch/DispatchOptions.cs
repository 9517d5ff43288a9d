namespace Outreach.Engine.Dispatch;

/// <summary>How the touch queue is drained (section <c>Engine:Dispatch</c>).</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Engine:Dispatch";

    /// <summary>Touches claimed and decided together (one claim, one profile query, one limiter round trip, one record).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long a claimed batch is this node's. A node that dies holding a batch delays it by this much, after which any
    /// node takes it over; it must comfortably exceed the time one batch takes to send. A message still waiting for its
    /// channel's send rate when three quarters of the lease have passed is not sent but put back for its next claim.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Batches worked on at once per process (their database and limiter waits overlap).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Messages of one batch in flight at once. A provider answers in tens to hundreds of milliseconds, so sending a
    /// batch one message at a time would leave the channel's send rate unused; the rate limits still apply.
    /// </summary>
    public int SendConcurrency { get; set; } = 16;

    /// <summary>
    /// Claims of one touch that may end in a transient provider failure (each after the adapter's own retries, and each
    /// waiting the provider's Retry-After) before the touch falls back to the variant's next channel. Every claim counts
    /// (a touch deferred by quiet hours or a cap uses one too); the fallback channels then get one try each.
    /// </summary>
    public int TransientAttempts { get; set; } = 3;

    /// <summary>How long an idle worker waits before looking for due touches again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often stored events are scanned for event-triggered campaigns.</summary>
    public TimeSpan TriggerScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How far behind its cursor each trigger scan reads again: an event stored by a node whose clock runs behind, or
    /// committed after a later one was scanned, still fires (planning is idempotent, so reading twice plans nothing twice).
    /// </summary>
    public TimeSpan TriggerOverlap { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (BatchSize is < 1 or > 10_000) yield return $"{SectionName}:BatchSize must be between 1 and 10000 (it is {BatchSize}).";
        if (Lease < TimeSpan.FromSeconds(1)) yield return $"{SectionName}:Lease must be at least 1 second (it is {Lease}).";
        if (Workers is < 1 or > 64) yield return $"{SectionName}:Workers must be between 1 and 64 (it is {Workers}).";
        if (SendConcurrency is < 1 or > 256) yield return $"{SectionName}:SendConcurrency must be between 1 and 256 (it is {SendConcurrency}).";
        if (TransientAttempts is < 1 or > 100) yield return $"{SectionName}:TransientAttempts must be between 1 and 100 (it is {TransientAttempts}).";
        if (PollInterval <= TimeSpan.Zero) yield return $"{SectionName}:PollInterval must be positive.";
        if (TriggerScanInterval <= TimeSpan.Zero) yield return $"{SectionName}:TriggerScanInterval must be positive.";
        if (TriggerOverlap < TimeSpan.Zero) yield return $"{SectionName}:TriggerOverlap must not be negative.";
    }
}
