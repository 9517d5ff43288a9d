using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Limits.Caps;
using Outreach.Limits.Suppression;
using Outreach.Limits.Whitelists;
using StackExchange.Redis;

namespace Outreach.Limits.Redis;

/// <summary>
/// The limiter for any number of nodes: one Lua script checks suppression and every cap of a touch and reserves it
/// atomically, in one round trip. The clock is the application's <see cref="TimeProvider"/>, passed into the script.
/// When Redis cannot be reached it answers Unavailable (transactional touches proceed as Exempt) and a circuit
/// breaker stops calling it for a while.
/// </summary>
public sealed class RedisTouchLimiter : ITouchLimiter
{
    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly LimitsOptions _options;
    private readonly LimiterGate _gate;
    private readonly RedisKeyLayout _keys;
    private readonly TimeProvider _time;
    private readonly CircuitBreaker _breaker;
    private readonly ILogger _logger;
    private bool? _split;

    public RedisTouchLimiter(IConnectionMultiplexer redis, IOptions<LimitsOptions> options, WhitelistService whitelists, TimeProvider time, ILogger<RedisTouchLimiter>? logger = null)
    {
        _redis = redis;
        _db = redis.GetDatabase();
        _options = options.Value;
        _gate = new(new CapPlanner(_options), whitelists);
        _keys = new(_options.KeyPrefix, _options.Buckets);
        _time = time;
        _breaker = new(_options.BreakAfterFailures, Duration.Parse(_options.BreakFor), time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _split = _options.SplitBySlot;
    }

    public async ValueTask<LimitDecision> TryReserveAsync(TouchRequest request, CancellationToken ct = default)
    {
        var now = Now();
        var (decision, plan, exemptReason, exemptList) = await _gate.PrepareAsync(request, now, ct);
        if (decision is not null) return decision;
        if (!_breaker.TryPass(out var retryAt)) return WhenUnavailable(request, now, retryAt);
        try
        {
            var result = await ReserveAsync(plan!, now);
            Succeeded();
            return result.Outcome == LimitOutcome.Granted && exemptReason is not null ? LimitDecision.Exempt(now, exemptReason, exemptList) : result;
        }
        catch (Exception error) when (IsUnavailable(error))
        {
            return WhenUnavailable(request, now, Failed(error));
        }
    }

    /// <summary>Every request goes out in one pipelined batch; on a cluster (split histories) they go out concurrently instead.</summary>
    public async Task<IReadOnlyList<LimitDecision>> TryReserveManyAsync(IReadOnlyList<TouchRequest> requests, CancellationToken ct = default)
    {
        var decisions = new LimitDecision[requests.Count];
        if (Split)
        {
            var pending = new ValueTask<LimitDecision>[requests.Count];
            for (var i = 0; i < requests.Count; i++) pending[i] = TryReserveAsync(requests[i], ct);
            for (var i = 0; i < requests.Count; i++) decisions[i] = await pending[i];
            return decisions;
        }

        var now = Now();
        var calls = new (Task<RedisResult> Call, CapPlan Plan, string? ExemptReason, string? ExemptList)[requests.Count];
        var batch = _db.CreateBatch();
        for (var i = 0; i < requests.Count; i++)
        {
            var (decision, plan, exemptReason, exemptList) = await _gate.PrepareAsync(requests[i], now, ct);
            if (decision is not null) decisions[i] = decision;
            else if (!_breaker.TryPass(out var retryAt)) decisions[i] = WhenUnavailable(requests[i], now, retryAt);
            else calls[i] = (EvaluateAsync(batch, plan!, plan!.Suppressions, plan.Subjects, now), plan, exemptReason, exemptList);
        }
        try
        {
            batch.Execute();
        }
        catch (Exception error) when (IsUnavailable(error))
        {
            // Nothing was sent: every touch that needed its check waits; the abandoned calls are observed so they do not surface later.
            var retryAt = Failed(error);
            for (var i = 0; i < requests.Count; i++)
            {
                if (calls[i].Call is not { } abandoned) continue;
                _ = abandoned.ContinueWith(task => task.Exception, TaskContinuationOptions.OnlyOnFaulted);
                decisions[i] = WhenUnavailable(requests[i], now, retryAt);
            }
            return decisions;
        }

        for (var i = 0; i < requests.Count; i++)
        {
            if (calls[i].Call is not { } call) continue;
            try
            {
                var result = ToDecision(await call, calls[i].Plan.Suppressions, calls[i].Plan.Subjects, now);
                Succeeded();
                decisions[i] = result.Outcome == LimitOutcome.Granted && calls[i].ExemptReason is { } reason ? LimitDecision.Exempt(now, reason, calls[i].ExemptList) : result;
            }
            catch (Exception error) when (IsUnavailable(error))
            {
                decisions[i] = WhenUnavailable(requests[i], now, Failed(error));
            }
        }
        return decisions;
    }

    public async Task<ReleaseResult> ReleaseAsync(TouchRequest request, CancellationToken ct = default)
    {
        if (!_breaker.TryPass(out _)) return ReleaseResult.Unavailable;
        try
        {
            var removed = 0L;
            var touchKey = TouchEntry.KeyOf(request.TouchId);
            foreach (var group in Groups(_gate.Planner.SubjectsToRelease(request)))
            {
                var keys = group.Select(subject => _keys.Histories(subject.Kind, subject.Id)).ToArray();
                var args = new RedisValue[] { touchKey }.Concat(group.Select(subject => (RedisValue)subject.Field)).ToArray();
                removed += (long)await _db.ScriptEvaluateAsync(LimiterScripts.Release, keys, args);
            }
            Succeeded();
            return removed > 0 ? ReleaseResult.Released : ReleaseResult.NotFound;
        }
        catch (Exception error) when (IsUnavailable(error))
        {
            Failed(error);
            return ReleaseResult.Unavailable;
        }
    }

    public async Task<CapStatus> ExplainAsync(TouchRequest request, CancellationToken ct = default)
    {
        var now = Now();
        var (decision, plan, exemptReason, exemptList) = await _gate.PrepareAsync(request, now, ct);
        if (plan is null) return CapExplainer.Explain(null, [], decision, now);
        if (!_breaker.TryPass(out var retryAt)) return CapExplainer.Explain(null, [], WhenUnavailable(request, now, retryAt), now);
        try
        {
            var suppressions = plan.Suppressions.Select(s => _db.HashGetAsync(_keys.Suppressions(s.Kind, s.Id), SuppressionField(plan.Channel, s.Id))).ToList();
            var histories = plan.Subjects.Select(subject => _db.HashGetAsync(_keys.Histories(subject.Kind, subject.Id), subject.Field)).ToList();
            for (var i = 0; i < suppressions.Count; i++)
                if (await suppressions[i] is { IsNull: false } reason)
                    decision = Suppressed(now, reason, plan.Suppressions[i].Id);
            var entries = new List<IReadOnlyList<TouchEntry>>();
            foreach (var history in histories) entries.Add(TouchEntry.Unpack((byte[]?)await history ?? []));
            Succeeded();
            if (decision is null && exemptReason is not null) decision = LimitDecision.Exempt(now, exemptReason, exemptList);
            return CapExplainer.Explain(plan, entries, decision, now);
        }
        catch (Exception error) when (IsUnavailable(error))
        {
            return CapExplainer.Explain(null, [], WhenUnavailable(request, now, Failed(error)), now);
        }
    }

    /// <summary>
    /// One script call for all histories; on a cluster, where customer and address live in different slots, one call per
    /// slot in turn, releasing what an earlier call reserved when a later one says no (so only ever over-counting briefly).
    /// </summary>
    private async Task<LimitDecision> ReserveAsync(CapPlan plan, DateTimeOffset now)
    {
        if (!Split) return ToDecision(await EvaluateAsync(plan, plan.Suppressions, plan.Subjects, now), plan.Suppressions, plan.Subjects, now);

        var reserved = new List<IReadOnlyList<CapSubject>>();
        var allHeld = plan.HasCaps;
        foreach (var kind in new[] { SubjectKind.Customer, SubjectKind.Address })
        {
            var suppressions = plan.Suppressions.Where(s => s.Kind == kind).ToList();
            var subjects = plan.Subjects.Where(s => s.Kind == kind).ToList();
            if (suppressions.Count == 0 && subjects.Count == 0) continue;
            var decision = ToDecision(await EvaluateAsync(plan, suppressions, subjects, now), suppressions, subjects, now);
            if (decision.Outcome == LimitOutcome.Granted && subjects.Count > 0) reserved.Add(subjects);
            if (decision.Outcome is LimitOutcome.Granted or LimitOutcome.AlreadyReserved)
            {
                allHeld &= decision.Outcome == LimitOutcome.AlreadyReserved || subjects.Count == 0;
                continue;
            }
            foreach (var group in reserved)
                await _db.ScriptEvaluateAsync(LimiterScripts.Release,
                    group.Select(s => _keys.Histories(s.Kind, s.Id)).ToArray(),
                    new RedisValue[] { plan.TouchKey }.Concat(group.Select(s => (RedisValue)s.Field)).ToArray());
            return decision;
        }
        return allHeld ? LimitDecision.AlreadyReserved(now) : LimitDecision.Granted(now);
    }

    private Task<RedisResult> EvaluateAsync(CapPlan plan, IReadOnlyList<(SubjectKind Kind, string Id)> suppressions, IReadOnlyList<CapSubject> subjects, DateTimeOffset now) =>
        EvaluateAsync(_db, plan, suppressions, subjects, now);

    private Task<RedisResult> EvaluateAsync(IDatabaseAsync redis, CapPlan plan, IReadOnlyList<(SubjectKind Kind, string Id)> suppressions, IReadOnlyList<CapSubject> subjects, DateTimeOffset now)
    {
        // Indexed loops and arrays sized up front: this runs for every touch, and the lists are interfaces (a foreach would box an enumerator).
        var keys = new RedisKey[suppressions.Count + subjects.Count];
        var keyCount = 0;
        int IndexOf(RedisKey key)
        {
            var index = Array.IndexOf(keys, key, 0, keyCount);
            if (index < 0) keys[index = keyCount++] = key;
            return index + 1;
        }

        var length = 6 + 2 * suppressions.Count;
        for (var s = 0; s < subjects.Count; s++) length += 7 + 3 * subjects[s].Rules.Count;
        var args = new RedisValue[length];
        var a = 0;
        args[a++] = now.ToUnixTimeSeconds();
        args[a++] = plan.TouchKey;
        args[a++] = (int)plan.Channel;
        args[a++] = plan.Channel.ToName();
        args[a++] = _gate.Planner.LongestWindowSeconds;
        args[a++] = suppressions.Count;
        for (var s = 0; s < suppressions.Count; s++)
        {
            var (kind, id) = suppressions[s];
            args[a++] = IndexOf(_keys.Suppressions(kind, id));
            args[a++] = id;
        }
        for (var s = 0; s < subjects.Count; s++)
        {
            var subject = subjects[s];
            args[a++] = IndexOf(_keys.Histories(subject.Kind, subject.Id));
            args[a++] = subject.Field;
            foreach (var keep in subject.KeepSeconds) args[a++] = keep;
            args[a++] = subject.Rules.Count;
            for (var r = 0; r < subject.Rules.Count; r++)
            {
                var rule = subject.Rules[r];
                args[a++] = rule.WindowSeconds;
                args[a++] = rule.Limit;
                args[a++] = rule.Channel;
            }
        }
        if (keyCount < keys.Length) Array.Resize(ref keys, keyCount);
        return EvaluateReserveAsync(redis.ScriptEvaluateAsync(ReserveSha1, keys, args), keys, args);
    }

    /// <summary>
    /// EVALSHA by a hash computed once: handing StackExchange.Redis the script text costs a hash of its 4 KB on every
    /// call. A server that lost its scripts (a restart) answers NOSCRIPT once; the text then goes along and is cached again.
    /// </summary>
    private async Task<RedisResult> EvaluateReserveAsync(Task<RedisResult> call, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await call;
        }
        catch (RedisServerException error) when (error.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await _db.ScriptEvaluateAsync(LimiterScripts.Reserve, keys, args);
        }
    }

    private static readonly byte[] ReserveSha1 = SHA1.HashData(Encoding.UTF8.GetBytes(LimiterScripts.Reserve));

    private static LimitDecision ToDecision(RedisResult result, IReadOnlyList<(SubjectKind Kind, string Id)> suppressions, IReadOnlyList<CapSubject> subjects, DateTimeOffset now)
    {
        var values = (RedisResult[])result!;
        switch ((int)values[0])
        {
            case 0: return LimitDecision.Granted(now);
            case 1: return LimitDecision.AlreadyReserved(now);
            case 2:
                var rule = subjects[(int)values[1] - 1].Rules[(int)values[2] - 1];
                return LimitDecision.Denied(now, rule.Rule, (int)values[3], rule.Limit, PlanCheck.ToInstant((long)values[4]));
            default:
                return Suppressed(now, (RedisValue)values[2], suppressions[(int)values[1] - 1].Id);
        }
    }

    private static LimitDecision Suppressed(DateTimeOffset now, RedisValue stored, string subject) =>
        LimitDecision.Suppressed(now, RedisSuppressionList.ReasonOf(stored), subject);

    internal static string SuppressionField(Channel channel, string id) => channel.ToName() + "|" + id;

    private bool Split
    {
        get
        {
            if (_split is { } known) return known;
            var servers = _redis.GetEndPoints().Select(endpoint => _redis.GetServer(endpoint)).Where(server => server.IsConnected).ToList();
            if (servers.Count == 0) return true; // unknown yet: the split path is correct everywhere
            return (_split = servers.Any(server => server.ServerType == ServerType.Cluster)).Value;
        }
    }

    private IEnumerable<IReadOnlyList<CapSubject>> Groups(IReadOnlyList<CapSubject> subjects) =>
        Split ? subjects.GroupBy(subject => subject.Kind).Select(group => (IReadOnlyList<CapSubject>)group.ToList()) : [subjects];

    /// <summary>Marketing waits for its check; a transactional touch is not held back by an unreachable limiter.</summary>
    private static LimitDecision WhenUnavailable(TouchRequest request, DateTimeOffset now, DateTimeOffset retryAt) =>
        request.Category == CampaignCategory.Transactional
            ? LimitDecision.Exempt(now, "transactional; sent without a limiter check while Redis is unreachable") with { Unchecked = true }
            : LimitDecision.Unavailable(now, retryAt, "Redis is unreachable; the touch waits for its check");

    /// <summary>Connection trouble is an outcome; a script error is a bug and propagates.</summary>
    private static bool IsUnavailable(Exception error) => error switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        RedisServerException server => !server.Message.StartsWith("ERR", StringComparison.Ordinal) && !server.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal),
        RedisException => true,
        _ => false,
    };

    private DateTimeOffset Failed(Exception error)
    {
        if (_breaker.Failed(out var retryAt))
            _logger.LogWarning("Redis unreachable ({Error}); touches wait until {RetryAt:u}, the limiter will not call Redis until then", error.Message, retryAt);
        return retryAt;
    }

    private void Succeeded()
    {
        if (_breaker.Succeeded()) _logger.LogInformation("Redis reachable again; the limiter checks touches again");
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
}
