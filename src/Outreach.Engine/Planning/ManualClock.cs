namespace Outreach.Engine.Planning;

/// <summary>A clock that shows whatever time it was last set to: how a forecast lets a limiter live through future occurrences.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public void Set(DateTimeOffset now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();
}
