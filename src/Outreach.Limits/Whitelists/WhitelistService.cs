using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Outreach.Core;

namespace Outreach.Limits.Whitelists;

/// <summary>
/// Manages the named customer lists and applies the whitelist rules to touches. Membership is read from a snapshot in
/// memory (no round trip per touch); the snapshot reloads when another node changed a list, looked for every <c>ListRefresh</c>.
/// </summary>
public sealed class WhitelistService
{
    private readonly ICustomerListStore _store;
    private readonly CustomerListRule[] _rules;
    private readonly HashSet<string> _listsInRules;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;
    private bool _loadFailing;

    public WhitelistService(ICustomerListStore store, IOptions<LimitsOptions> options, TimeProvider time, ILogger<WhitelistService>? logger = null)
    {
        _store = store;
        _rules = [.. options.Value.Lists];
        _listsInRules = _rules.Select(rule => rule.List).ToHashSet(StringComparer.Ordinal);
        _time = time;
        _refresh = Duration.Parse(options.Value.ListRefresh);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task AddAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default)
    {
        await _store.AddAsync(list, customerIds, ct);
        Patch(list, members => members.UnionWith(customerIds));
    }

    public async Task RemoveAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default)
    {
        await _store.RemoveAsync(list, customerIds, ct);
        Patch(list, members => members.ExceptWith(customerIds));
    }

    public Task<IReadOnlySet<string>> MembersAsync(string list, CancellationToken ct = default) => _store.MembersAsync(list, ct);
    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken ct = default) => _store.ListNamesAsync(ct);

    /// <summary>Applies the rules in order: the first allow-only list that excludes the customer wins, then an exempt list, then list caps.</summary>
    public async ValueTask<WhitelistVerdict> EvaluateAsync(TouchRequest request, CancellationToken ct = default)
    {
        // Asked for every touch: when no rule applies, answer before reading the lists and without allocating.
        if (!AnyRuleAppliesTo(request)) return WhitelistVerdict.None;
        var snapshot = await CurrentAsync(ct);
        if (snapshot is null) return WhitelistVerdict.Unknown;

        string? exemptBy = null;
        List<FrequencyCapRule>? caps = null;
        foreach (var rule in _rules)
        {
            if (!rule.AppliesTo(request)) continue;
            var member = snapshot.Lists.TryGetValue(rule.List, out var members) && members.Contains(request.CustomerId);
            switch (rule.ParsedEffect)
            {
                case ListEffect.AllowOnly when !member: return new() { NotAllowedBy = rule.List };
                case ListEffect.Exempt when member: exemptBy ??= rule.List; break;
                case ListEffect.Caps when member: (caps ??= []).AddRange(rule.Caps); break;
            }
        }
        return exemptBy is null && caps is null ? WhitelistVerdict.None : new() { ExemptBy = exemptBy, Caps = caps };
    }

    private bool AnyRuleAppliesTo(TouchRequest request)
    {
        foreach (var rule in _rules)
            if (rule.AppliesTo(request)) return true;
        return false;
    }

    private async ValueTask<Snapshot?> CurrentAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && _time.GetUtcNow() < snapshot.CheckAfter) return snapshot;
        // One caller refreshes; the others keep using the snapshot they have (if any).
        if (snapshot is not null && !_loading.Wait(0)) return snapshot;
        if (snapshot is null) await _loading.WaitAsync(ct);
        try
        {
            if (_snapshot is { } fresh && _time.GetUtcNow() < fresh.CheckAfter) return fresh;
            var version = await _store.VersionAsync(ct);
            if (_snapshot is { } current && current.Version == version)
                return _snapshot = current with { CheckAfter = _time.GetUtcNow() + _refresh };
            var lists = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
            foreach (var list in _listsInRules) lists[list] = await _store.MembersAsync(list, ct);
            if (_loadFailing) _logger.LogInformation("Customer lists readable again");
            _loadFailing = false;
            return _snapshot = new(version, lists, _time.GetUtcNow() + _refresh);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            if (!_loadFailing) _logger.LogWarning("Customer lists could not be read, keeping the last ones read: {Error}", error.Message);
            _loadFailing = true;
            // Do not ask a failing store again on every touch: the next look is one refresh interval away.
            return _snapshot = _snapshot is { } last ? last with { CheckAfter = _time.GetUtcNow() + _refresh } : null;
        }
        finally
        {
            _loading.Release();
        }
    }

    private void Patch(string list, Action<HashSet<string>> change)
    {
        if (!_listsInRules.Contains(list) || _snapshot is not { } snapshot) return;
        var members = new HashSet<string>(snapshot.Lists.TryGetValue(list, out var current) ? current : []);
        change(members);
        _snapshot = snapshot with { Lists = new Dictionary<string, IReadOnlySet<string>>(snapshot.Lists) { [list] = members } };
    }

    private sealed record Snapshot(long Version, IReadOnlyDictionary<string, IReadOnlySet<string>> Lists, DateTimeOffset CheckAfter);
}
