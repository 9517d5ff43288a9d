using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Limits.Suppression;
using StackExchange.Redis;

namespace Outreach.Limits.Redis;

/// <summary>
/// Suppressions in Redis, in hashes beside the cap histories (<c>{prefix}:{c:123}:s</c>, field <c>sms|id</c>) so the
/// reservation script reads them in the same atomic step. These hashes never expire.
/// </summary>
public sealed class RedisSuppressionList(IConnectionMultiplexer redis, IOptions<LimitsOptions> options, TimeProvider time) : ISuppressionList
{
    private readonly IDatabase _db = redis.GetDatabase();
    private readonly RedisKeyLayout _keys = new(options.Value.KeyPrefix, options.Value.Buckets);

    public Task AddAsync(Suppression.Suppression suppression, CancellationToken ct = default) =>
        _db.HashSetAsync(_keys.Suppressions(suppression.Kind, suppression.Subject), RedisTouchLimiter.SuppressionField(suppression.Channel, suppression.Subject),
            $"{suppression.Reason}|{time.GetUtcNow().ToUnixTimeSeconds()}");

    public Task<bool> RemoveAsync(Channel channel, SubjectKind kind, string subject, CancellationToken ct = default) =>
        _db.HashDeleteAsync(_keys.Suppressions(kind, subject), RedisTouchLimiter.SuppressionField(channel, subject));

    public async ValueTask<Suppression.Suppression?> FindAsync(Channel channel, string customerId, string? address, CancellationToken ct = default)
    {
        var subjects = address is null ? new[] { (SubjectKind.Customer, customerId) } : [(SubjectKind.Customer, customerId), (SubjectKind.Address, address)];
        foreach (var (kind, subject) in subjects)
            if (await _db.HashGetAsync(_keys.Suppressions(kind, subject), RedisTouchLimiter.SuppressionField(channel, subject)) is { IsNull: false } stored)
                return new(channel, kind, subject, ReasonOf(stored));
        return null;
    }

    /// <summary>
    /// One script call answers the whole batch (a few thousand HGETs run inside Redis): the client's cost per command, not
    /// Redis, is what a campaign run pays for here. On a cluster the keys live in different slots, so each is asked alone.
    /// </summary>
    public async Task<IReadOnlyList<Suppression.Suppression?>> FindManyAsync(IReadOnlyList<SuppressionQuery> queries, CancellationToken ct = default)
    {
        var found = new Suppression.Suppression?[queries.Count];
        if (queries.Count == 0) return found;
        // Each query asks for its customer, then its address if it has one; the answers come back in that order.
        var count = queries.Count;
        for (var i = 0; i < queries.Count; i++)
            if (queries[i].Address is not null) count++;
        var keys = new RedisKey[count];
        var fields = new RedisValue[count];
        var k = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i];
            (keys[k], fields[k++]) = (_keys.Suppressions(SubjectKind.Customer, query.CustomerId), RedisTouchLimiter.SuppressionField(query.Channel, query.CustomerId));
            if (query.Address is { } address)
                (keys[k], fields[k++]) = (_keys.Suppressions(SubjectKind.Address, address), RedisTouchLimiter.SuppressionField(query.Channel, address));
        }

        RedisValue[] stored;
        if (IsCluster) stored = await Task.WhenAll(keys.Select((key, j) => _db.HashGetAsync(key, fields[j])));
        else stored = (RedisValue[])(await _db.ScriptEvaluateAsync(FindManyScript, keys, fields))!;

        // Customer before address, as FindAsync answers.
        k = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i];
            if (stored[k++] is { IsNullOrEmpty: false } customer) found[i] = new(query.Channel, SubjectKind.Customer, query.CustomerId, ReasonOf(customer));
            if (query.Address is { } address && stored[k++] is { IsNullOrEmpty: false } atAddress)
                found[i] ??= new(query.Channel, SubjectKind.Address, address, ReasonOf(atAddress));
        }
        return found;
    }

    /// <summary>
    /// Scans the suppression hashes on every primary (SCAN, never KEYS, so Redis keeps serving) and reads each whole;
    /// a list page, not a hot path. Stops reading once <paramref name="limit"/> entries are found, then sorts them.
    /// </summary>
    public async Task<IReadOnlyList<Suppression.Suppression>> ListAsync(int limit, CancellationToken ct = default)
    {
        var found = new List<Suppression.Suppression>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica) continue;
            await foreach (var key in server.KeysAsync(pattern: $"{_keys.Prefix}:{{*}}:s", pageSize: 500).WithCancellation(ct))
            {
                var kind = key.ToString().Contains(":{a:", StringComparison.Ordinal) ? SubjectKind.Address : SubjectKind.Customer;
                foreach (var entry in await _db.HashGetAllAsync(key))
                {
                    var field = entry.Name.ToString();
                    var bar = field.IndexOf('|');
                    if (bar <= 0 || !ChannelNames.TryParse(field[..bar], out var channel)) continue;
                    found.Add(new(channel, kind, field[(bar + 1)..], ReasonOf(entry.Value)));
                }
                if (found.Count >= limit) break;
            }
        }
        return found.Order(SuppressionOrder.Instance).Take(limit).ToList();
    }

    // Lua arrays cannot hold nil: "not suppressed" comes back as an empty string.
    private const string FindManyScript = "local found = {} for i = 1, #KEYS do found[i] = redis.call('HGET', KEYS[i], ARGV[i]) or '' end return found";

    private bool IsCluster => _cluster ??= redis.GetEndPoints().Any(endpoint => redis.GetServer(endpoint).ServerType == ServerType.Cluster);
    private bool? _cluster;

    internal static SuppressionReason ReasonOf(RedisValue stored) =>
        Enum.TryParse<SuppressionReason>(((string?)stored)?.Split('|')[0], out var reason) ? reason : SuppressionReason.OptOut;
}
