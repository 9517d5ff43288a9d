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

    internal static SuppressionReason ReasonOf(RedisValue stored) =>
        Enum.TryParse<SuppressionReason>(((string?)stored)?.Split('|')[0], out var reason) ? reason : SuppressionReason.OptOut;
}
