using Outreach.Core;

namespace Outreach.Storage.Ledger;

/// <summary>
/// The touch queue and ledger: every decided touch is planned once, claimed by one dispatcher at a time under a
/// lease, and moved to its outcome. The schema comes with <see cref="ICustomerStore.MigrateAsync"/> of the same database.
/// </summary>
public interface ITouchLedger
{
    /// <summary>Inserts the touches; one whose id exists is left as it is, so a re-run never duplicates. Returns how many were new.</summary>
    Task<int> PlanAsync(IReadOnlyList<TouchRecord> touches, CancellationToken ct = default);

    /// <summary>
    /// Plans touches claimed at once by the caller, who is about to work them: each is inserted Reserved until
    /// <paramref name="now"/> + <paramref name="lease"/> with its first attempt counted, as a claim would leave it,
    /// so it costs one write instead of a plan and a claim. Returns the touches inserted, as stored; a touch whose id
    /// exists keeps whatever state it reached and is not returned (a re-run claims nobody twice).
    /// </summary>
    Task<IReadOnlyList<TouchRecord>> PlanClaimedAsync(IReadOnlyList<TouchRecord> touches, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> due touches (Planned or Deferred with DueAt &lt;= now, or Reserved
    /// whose lease ran out), marks them Reserved until now + <paramref name="lease"/> and counts the attempt.
    /// No touch is handed to two claimers at once, on any number of nodes.
    /// </summary>
    Task<IReadOnlyList<TouchRecord>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken ct = default);

    /// <summary>As <see cref="ClaimDueAsync(DateTimeOffset, int, TimeSpan, CancellationToken)"/>, only touches of one campaign run.</summary>
    Task<IReadOnlyList<TouchRecord>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, string campaignId, string runId, CancellationToken ct = default);

    /// <summary>
    /// Moves a touch to <paramref name="status"/> with its reason and provider id; <paramref name="dueAt"/>, when
    /// given, is when it may be tried again (a deferral). False when there is no such touch.
    /// </summary>
    Task<bool> CompleteAsync(string touchId, TouchStatus status, string reason, string? providerId, DateTimeOffset? dueAt, CancellationToken ct = default);

    /// <summary>
    /// Records what became of claimed touches, in one transaction. A completion whose touch is no longer Reserved under
    /// the same attempt is skipped (its lease ran out and another claimer has it). Returns how many were applied.
    /// </summary>
    Task<int> CompleteManyAsync(IReadOnlyList<TouchCompletion> completions, CancellationToken ct = default);

    /// <summary>
    /// Moves every touch of a run that is in one of <paramref name="from"/> to <paramref name="to"/> with
    /// <paramref name="reason"/> (pause, resume, cancel), keeping due times. Returns how many moved.
    /// </summary>
    Task<long> MoveRunTouchesAsync(string campaignId, string runId, IReadOnlyCollection<TouchStatus> from, TouchStatus to, string reason, CancellationToken ct = default);

    Task<TouchRecord?> GetAsync(string touchId, CancellationToken ct = default);

    /// <summary>All touches of one customer, oldest first.</summary>
    Task<IReadOnlyList<TouchRecord>> ForCustomerAsync(string customerId, CancellationToken ct = default);

    /// <summary>Touches per status of a campaign, of one run when <paramref name="runId"/> is given; absent statuses are left out.</summary>
    Task<IReadOnlyDictionary<TouchStatus, long>> CountByStatusAsync(string campaignId, string? runId, CancellationToken ct = default);

    /// <summary>
    /// Touches that went out (Sent or Delivered) at or after <paramref name="since"/>, oldest first, streamed: the
    /// history a forecast seeds its caps with. A touch's last update is when it went out.
    /// </summary>
    IAsyncEnumerable<TouchRecord> StreamSentSinceAsync(DateTimeOffset since, CancellationToken ct = default);

    /// <summary>
    /// Applies a provider's delivery report to the touch it sent as <paramref name="providerId"/>: Sent moves to
    /// <paramref name="status"/> (Delivered or Failed) with <paramref name="reason"/>. Delivered and Failed are final:
    /// the first report wins and a later one (a late "failed" after "delivered", a repeat) changes nothing, so a touch
    /// never moves backwards. A report of another send (another provider id) or of a touch not yet recorded as sent is
    /// not applied; the answer says which.
    /// </summary>
    Task<DeliveryUpdate> RecordDeliveryAsync(string touchId, string providerId, TouchStatus status, string reason, CancellationToken ct = default);

    /// <summary>The touch sent on <paramref name="channel"/> under <paramref name="providerId"/> (for reports that name only the provider's id).</summary>
    Task<TouchRecord?> FindByProviderIdAsync(Channel channel, string providerId, CancellationToken ct = default);
}
