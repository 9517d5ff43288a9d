namespace Outreach.Engine.Pipeline;

/// <summary>Live counters of a campaign run, one per outcome; safe to read while the run goes on.</summary>
public sealed class RunCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<TouchOutcome>().Length];
    private long _audience;

    public long Audience => Interlocked.Read(ref _audience);

    public long this[TouchOutcome outcome] => Interlocked.Read(ref _counts[(int)outcome]);

    public void CountAudience(int customers) => Interlocked.Add(ref _audience, customers);

    public void Count(TouchOutcome outcome) => Interlocked.Increment(ref _counts[(int)outcome]);

    /// <summary>Every outcome with its count, zeros left out, in pipeline order.</summary>
    public IReadOnlyList<(TouchOutcome Outcome, long Count)> Snapshot() =>
        Enum.GetValues<TouchOutcome>().Select(o => (o, this[o])).Where(p => p.Item2 > 0).ToList();
}
