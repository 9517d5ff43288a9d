using Outreach.Core.Concurrency;
using Outreach.Core.Customers;
using Outreach.Storage;

namespace Outreach.Server.Apis;

/// <summary>
/// Single events posted at the same time are stored in one transaction (a group commit): a store system sending one
/// event per request would otherwise pay a connection, a transaction and a commit for each. Every request still answers
/// only once its own event is committed, with its own outcome.
/// </summary>
public sealed class EventBatcher(ICustomerStore store) : IDisposable
{
    /// <summary>Events per transaction at most: enough to amortise the commit, small enough to keep each answer quick.</summary>
    private const int MaxBatch = 256;

    // A client giving up does not cancel the shared write: the others' events are in it.
    private readonly GroupCommit<CustomerEvent, EventIssue?> _events = new(async events =>
    {
        var report = await store.AppendEventsAsync(events, CancellationToken.None);
        var outcomes = new EventIssue?[events.Count];
        foreach (var issue in report.Issues) outcomes[issue.Index] = issue;
        return outcomes;
    }, MaxBatch);

    /// <summary>Stores <paramref name="e"/>; null when it was new and applied, otherwise why it changed nothing.</summary>
    public Task<EventIssue?> AppendAsync(CustomerEvent e, CancellationToken ct) => _events.AddAsync(e, ct);

    public void Dispose() => _events.Dispose();
}
