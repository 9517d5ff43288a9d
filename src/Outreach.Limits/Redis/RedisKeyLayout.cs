using Outreach.Limits.Caps;
using StackExchange.Redis;

namespace Outreach.Limits.Redis;

/// <summary>
/// Where the limiter keeps things in Redis. Customers (and addresses) share hash buckets, <c>{prefix}:{c:123}</c>:
/// one listpack field per customer costs far less than a key each. The braces are the Redis Cluster hash tag, so a
/// customer's histories and suppressions sit in one slot and one script can read them all.
/// </summary>
internal sealed class RedisKeyLayout(string prefix, int buckets)
{
    public string Prefix => prefix;

    public RedisKey Histories(SubjectKind kind, string id) => $"{prefix}:{{{Tag(kind)}:{BucketOf(id)}}}";
    public RedisKey Suppressions(SubjectKind kind, string id) => $"{prefix}:{{{Tag(kind)}:{BucketOf(id)}}}:s";
    public RedisKey List(string name) => $"{prefix}:list:{name}";
    public RedisKey ListNames => $"{prefix}:lists";
    public RedisKey ListsVersion => $"{prefix}:lists:version";

    /// <summary>FNV-1a, so every node and language puts a customer in the same bucket.</summary>
    public uint BucketOf(string id) => Fnv.Hash(id) % (uint)buckets;

    private static char Tag(SubjectKind kind) => kind == SubjectKind.Address ? 'a' : 'c';
}
