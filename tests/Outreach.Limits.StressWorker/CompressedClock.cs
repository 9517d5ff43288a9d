namespace Outreach.Limits.StressWorker;

/// <summary>A clock on which days pass per real second, the same in every process that shares the real start.</summary>
public sealed class CompressedClock(DateTimeOffset simulatedStart, DateTimeOffset realStart, double speed) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => simulatedStart + (base.GetUtcNow() - realStart) * speed;
}
