namespace Outreach.Storage;

/// <summary>What an event batch did: how many events were new and applied, and what happened to the others.</summary>
public sealed record EventIngestReport(int Accepted, IReadOnlyList<EventIssue> Issues)
{
    public IEnumerable<EventIssue> Duplicates => Issues.Where(i => i.Kind == EventIssueKind.Duplicate);
}

/// <summary>Why the event at <paramref name="Index"/> in the batch changed nothing.</summary>
public sealed record EventIssue(int Index, string? EventId, EventIssueKind Kind, string Message);

public enum EventIssueKind
{
    /// <summary>The id was seen before: the event was already applied (a retry) and is ignored.</summary>
    Duplicate,

    /// <summary>No customer has this id; the event is not stored, so it can be sent again once the customer exists.</summary>
    UnknownCustomer,

    /// <summary>The event itself is malformed (missing id or type, unparseable property, amount too precise).</summary>
    Invalid,
}
