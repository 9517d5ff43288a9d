using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Outreach.Limits.Caps;
using Outreach.Limits.Suppression;
using Outreach.Limits.Whitelists;

namespace Outreach.Limits.InProcess;

/// <summary>
/// The embedded single-node limiter: the same rules and answers as the Redis one, with histories in memory and a lock per
/// history. With a <see cref="LimiterJournal"/> (the default wiring) histories survive restarts; several nodes need the
/// Redis limiter.
/// </summary>
public sealed class InProcessTouchLimiter : ITouchLimiter
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, History> _histories = new(StringComparer.Ordinal);
    private readonly LimiterGate _gate;
    private readonly ISuppressionList _suppressions;
    private readonly TimeProvider _time;
    private readonly LimiterJournal? _journal;
    private int _untilSweep = SweepEvery;

    public InProcessTouchLimiter(
        IOptions<LimitsOptions> options, WhitelistService whitelists, ISuppressionList suppressions, TimeProvider time, LimiterJournal? journal = null)
    {
        _gate = new(new CapPlanner(options.Value), whitelists);
        _suppressions = suppressions;
        _time = time;
        _journal = journal;
        if (journal is null) return;
        foreach (var (name, entries) in journal.Load(Now().ToUnixTimeSeconds(), _gate.Planner.LongestWindowSeconds))
            _histories[name] = new History { Entries = entries, Newest = entries.Max(entry => entry.At) };
    }

    public async ValueTask<LimitDecision> TryReserveAsync(TouchRequest request, CancellationToken ct = default)
    {
        var now = Now();
        var (decision, plan, exemptReason, exemptList) = await _gate.PrepareAsync(request, now, ct);
        if (decision is not null) return decision;
        if (await _suppressions.FindAsync(request.Channel, request.CustomerId, request.Address, ct) is { } suppression)
            return LimitDecision.Suppressed(now, suppression.Reason, suppression.Subject);
        if (exemptReason is not null) return LimitDecision.Exempt(now, exemptReason, exemptList);
        if (Interlocked.Decrement(ref _untilSweep) <= 0) Sweep(now);
        return Reserve(plan!, now);
    }

    public async Task<IReadOnlyList<LimitDecision>> TryReserveManyAsync(IReadOnlyList<TouchRequest> requests, CancellationToken ct = default)
    {
        var decisions = new LimitDecision[requests.Count];
        for (var i = 0; i < requests.Count; i++) decisions[i] = await TryReserveAsync(requests[i], ct);
        return decisions;
    }

    public Task<ReleaseResult> ReleaseAsync(TouchRequest request, CancellationToken ct = default)
    {
        var key = TouchEntry.KeyOf(request.TouchId);
        var released = false;
        foreach (var subject in _gate.Planner.SubjectsToRelease(request))
        {
            var name = NameOf(subject);
            if (!_histories.TryGetValue(name, out var history)) continue;
            lock (history)
            {
                if (history.Entries.RemoveAll(entry => entry.TouchKey == key) == 0) continue;
                released = true;
                _journal?.Released(name, key);
            }
        }
        return Task.FromResult(released ? ReleaseResult.Released : ReleaseResult.NotFound);
    }

    public async Task<CapStatus> ExplainAsync(TouchRequest request, CancellationToken ct = default)
    {
        var now = Now();
        var (decision, plan, exemptReason, exemptList) = await _gate.PrepareAsync(request, now, ct);
        var histories = plan?.Subjects.Select(subject =>
        {
            if (!_histories.TryGetValue(NameOf(subject), out var history)) return (IReadOnlyList<TouchEntry>)[];
            lock (history) return history.Entries.ToList();
        }).ToList() ?? [];
        if (decision is null && await _suppressions.FindAsync(request.Channel, request.CustomerId, request.Address, ct) is { } suppression)
            decision = LimitDecision.Suppressed(now, suppression.Reason, suppression.Subject);
        if (decision is null && exemptReason is not null) decision = LimitDecision.Exempt(now, exemptReason, exemptList);
        return CapExplainer.Explain(plan, histories, decision, now);
    }

    private LimitDecision Reserve(CapPlan plan, DateTimeOffset now)
    {
        while (true)
        {
            // Lock every history of the touch in one fixed order, so customer and address are checked and written as one step.
            var histories = plan.Subjects.Select(subject => _histories.GetOrAdd(NameOf(subject), _ => new History())).ToList();
            var locking = histories.Zip(plan.Subjects, (history, subject) => (history, name: NameOf(subject)))
                .OrderBy(pair => pair.name, StringComparer.Ordinal).Select(pair => pair.history).Distinct().ToList();
            foreach (var history in locking) Monitor.Enter(history);
            try
            {
                if (histories.Any(history => history.Removed)) continue;
                var check = PlanCheck.Of(plan, histories.Select(history => (IReadOnlyList<TouchEntry>)history.Entries).ToList(), now);
                if (check.Decision.Outcome != LimitOutcome.Granted) return check.Decision;
                var at = now.ToUnixTimeSeconds();
                for (var s = 0; s < histories.Count; s++)
                {
                    if (check.Holds[s]) continue;
                    var entry = TouchEntry.Create(at, plan.TouchKey, plan.Channel);
                    check.Kept[s].Add(entry);
                    _journal?.Reserved(NameOf(plan.Subjects[s]), entry);
                    histories[s].Entries = check.Kept[s];
                    histories[s].Newest = at;
                }
                return check.Decision;
            }
            finally
            {
                foreach (var history in locking) Monitor.Exit(history);
            }
        }
    }

    /// <summary>Drops histories nothing can count any more; removal is marked under the lock so a racing reservation retries.</summary>
    private void Sweep(DateTimeOffset now)
    {
        Interlocked.Exchange(ref _untilSweep, SweepEvery);
        var at = now.ToUnixTimeSeconds();
        var longest = _gate.Planner.LongestWindowSeconds;
        foreach (var (name, history) in _histories)
        {
            lock (history)
            {
                if (at - history.Newest < longest) continue;
                history.Removed = true;
                _histories.TryRemove(name, out _);
            }
        }
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());

    private static string NameOf(CapSubject subject) => (subject.Kind == SubjectKind.Address ? "a|" : "c|") + subject.Field;

    private sealed class History
    {
        public List<TouchEntry> Entries = [];
        public long Newest;
        public bool Removed;
    }
}
