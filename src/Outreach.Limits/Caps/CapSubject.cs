using Outreach.Core;

namespace Outreach.Limits.Caps;

/// <summary>
/// One history the caps of a touch read: a customer's or an address's touches in one scope (marketing, transactional,
/// a tag). <see cref="Field"/> names it inside its bucket; <see cref="KeepSeconds"/> is how long an entry of each
/// channel matters to any rule of the scope, so histories hold nothing older.
/// </summary>
internal sealed record CapSubject(SubjectKind Kind, string Id, string Field, IReadOnlyList<PlannedRule> Rules, long[] KeepSeconds)
{
    public long LongestKeep => KeepSeconds.Max();
}

/// <summary>A rule as it applies to one touch: window in seconds, the limit at the touch's priority, the channel it counts (-1: all).</summary>
internal readonly record struct PlannedRule(FrequencyCapRule Rule, long WindowSeconds, int Limit, int Channel)
{
    public bool Counts(TouchEntry entry, long now) => now - entry.At < WindowSeconds && (Channel < 0 || (int)entry.Channel == Channel);
}

/// <summary>Everything one touch must pass: suppression of the customer and address, and the cap histories.</summary>
internal sealed record CapPlan(Channel Channel, uint TouchKey, IReadOnlyList<(SubjectKind Kind, string Id)> Suppressions, IReadOnlyList<CapSubject> Subjects)
{
    public bool HasCaps => Subjects.Count > 0;
}
