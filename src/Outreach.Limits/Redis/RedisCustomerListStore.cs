using Microsoft.Extensions.Options;
using Outreach.Limits.Whitelists;
using StackExchange.Redis;

namespace Outreach.Limits.Redis;

/// <summary>Customer lists as Redis sets, with a version counter other nodes watch to reload.</summary>
public sealed class RedisCustomerListStore(IConnectionMultiplexer redis, IOptions<LimitsOptions> options) : ICustomerListStore
{
    private readonly IDatabase _db = redis.GetDatabase();
    private readonly RedisKeyLayout _keys = new(options.Value.KeyPrefix, options.Value.Buckets);

    public async Task AddAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default)
    {
        if (customerIds.Count == 0) return;
        await _db.SetAddAsync(_keys.List(list), customerIds.Select(id => (RedisValue)id).ToArray());
        await _db.SetAddAsync(_keys.ListNames, list);
        await _db.StringIncrementAsync(_keys.ListsVersion);
    }

    public async Task RemoveAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default)
    {
        if (customerIds.Count == 0) return;
        await _db.SetRemoveAsync(_keys.List(list), customerIds.Select(id => (RedisValue)id).ToArray());
        await _db.StringIncrementAsync(_keys.ListsVersion);
    }

    public async Task<IReadOnlySet<string>> MembersAsync(string list, CancellationToken ct = default)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var member in _db.SetScanAsync(_keys.List(list), pageSize: 1000).WithCancellation(ct)) members.Add(member!);
        return members;
    }

    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken ct = default) =>
        (await _db.SetMembersAsync(_keys.ListNames)).Select(name => (string)name!).Order().ToList();

    public async Task<long> VersionAsync(CancellationToken ct = default) => (long?)await _db.StringGetAsync(_keys.ListsVersion) ?? 0;
}
