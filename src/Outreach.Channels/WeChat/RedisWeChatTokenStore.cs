using System.Text.Json;
using StackExchange.Redis;

namespace Outreach.Channels.WeChat;

/// <summary>
/// The token shared by every node through Redis: <c>{prefix}:wechat:token:{appid}</c> holds the token and its expiry
/// (and expires with it); <c>…:lock</c> is the renewal lock, taken with SET NX PX and a random id, released only by its holder.
/// </summary>
public sealed class RedisWeChatTokenStore(IConnectionMultiplexer redis, string keyPrefix, string appId, TimeProvider time) : IWeChatTokenStore
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private readonly RedisKey _tokenKey = $"{keyPrefix}:wechat:token:{appId}";
    private readonly RedisKey _lockKey = $"{keyPrefix}:wechat:token:{appId}:lock";

    public async Task<WeChatToken?> ReadAsync(CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(_tokenKey);
        if (value.IsNullOrEmpty) return null;
        var stored = JsonSerializer.Deserialize<Stored>((string)value!);
        return stored is { Token.Length: > 0 } ? new WeChatToken(stored.Token, DateTimeOffset.FromUnixTimeMilliseconds(stored.ExpiresAt)) : null;
    }

    public async Task WriteAsync(WeChatToken token, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new Stored(token.Value, token.ExpiresAt.ToUnixTimeMilliseconds()));
        var lifetime = token.ExpiresAt - time.GetUtcNow();
        // The key goes when the token does; a token already past its expiry is still written, briefly, so readers see it.
        await redis.GetDatabase().StringSetAsync(_tokenKey, json, lifetime > TimeSpan.FromSeconds(1) ? lifetime : TimeSpan.FromSeconds(1));
    }

    public async Task<string?> TryLockAsync(TimeSpan hold, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        return await redis.GetDatabase().StringSetAsync(_lockKey, id, hold, When.NotExists) ? id : null;
    }

    public Task ReleaseAsync(string lockId, CancellationToken cancellationToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [_lockKey], [lockId]);

    private sealed record Stored(string Token, long ExpiresAt);
}
