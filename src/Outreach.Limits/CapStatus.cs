namespace Outreach.Limits;

/// <summary>An explanation: the decision a reservation would get now, every applicable rule's count, and the next eligible time.</summary>
public sealed record CapStatus(LimitDecision Decision, IReadOnlyList<RuleCount> Rules, DateTimeOffset? NextEligibleAt);

/// <summary>One rule's state for one subject (the customer, or the contact address for address caps).</summary>
public sealed record RuleCount(FrequencyCapRule Rule, SubjectKind Subject, int Count, int Limit, DateTimeOffset? EligibleAt)
{
    public bool IsFull => Count >= Limit;
}
