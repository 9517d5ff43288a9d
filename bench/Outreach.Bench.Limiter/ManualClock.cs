namespace Outreach.Bench.Limiter;

/// <summary>A clock the benchmark sets, so five touches per customer can span weeks.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
