using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Outreach.Channels.WeChat;

/// <summary>
/// The account's access token, shared by every node through <see cref="IWeChatTokenStore"/>. A node that finds no valid
/// token, or one inside <see cref="WeChatOptions.RefreshBefore"/> of its expiry, takes the renewal lock and buys one;
/// the others keep the old token while it lasts, or wait briefly and read again. A token WeChat rejected is replaced
/// with <c>force_refresh</c> (limited to 20 a day) by the one node holding the lock; the others find the new one.
/// </summary>
public sealed class WeChatAccessTokens(WeChatClient client, IWeChatTokenStore store, TimeProvider time, ILogger<WeChatAccessTokens> logger)
{
    /// <summary>How often a node waiting for another's renewal reads the store again (wall-clock, not the application's clock).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private WeChatOptions Options => client.Options;

    private TimeSpan LockHold => Options.Timeout + TimeSpan.FromSeconds(5);

    /// <summary>How long this node leaves an early renewal alone after trying one (WeChat may still hand out the same token).</summary>
    private static readonly TimeSpan EarlyRenewalPause = TimeSpan.FromSeconds(10);

    private long _nextEarlyRenewalTicks;

    /// <summary>A valid token, or the reason none could be had.</summary>
    public Task<TokenOutcome> CurrentAsync(CancellationToken ct) => StoreGuarded(CurrentFromStoreAsync, ct);

    /// <summary>
    /// A token other than <paramref name="rejected"/>, which WeChat called invalid or expired: the one another node already
    /// put in its place, or a new one bought with <c>force_refresh</c> by this node while it holds the lock.
    /// </summary>
    public Task<TokenOutcome> ReplaceRejectedAsync(string rejected, CancellationToken ct) =>
        StoreGuarded(token => ReplaceInStoreAsync(rejected, token), ct);

    /// <summary>A store that cannot be reached (Redis down) is a reason to wait, not an exception out of the sender.</summary>
    private async Task<TokenOutcome> StoreGuarded(Func<CancellationToken, Task<TokenOutcome>> get, CancellationToken ct)
    {
        try
        {
            return await get(ct);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("WeChat token store unavailable: {Error}", ex.GetType().Name);
            return new TokenOutcome.Unavailable($"WeChat token store unavailable ({ex.GetType().Name})");
        }
    }

    private async Task<TokenOutcome> CurrentFromStoreAsync(CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var kept = await store.ReadAsync(ct);
            var now = time.GetUtcNow();
            if (kept is not null && now < kept.ExpiresAt - Options.RefreshBefore) return new TokenOutcome.Ready(kept);
            var stillValid = kept is not null && now < kept.ExpiresAt;
            if (stillValid && now.UtcTicks < Interlocked.Read(ref _nextEarlyRenewalTicks)) return new TokenOutcome.Ready(kept!);
            if (await store.TryLockAsync(LockHold, ct) is { } lockId)
            {
                if (stillValid) Interlocked.Exchange(ref _nextEarlyRenewalTicks, (now + EarlyRenewalPause).UtcTicks);
                try
                {
                    var again = await store.ReadAsync(ct);
                    if (again is not null && time.GetUtcNow() < again.ExpiresAt - Options.RefreshBefore) return new TokenOutcome.Ready(again);
                    var bought = await BuyAsync(forceRefresh: false, ct);
                    // A renewal that failed before expiry is no reason to stop: the old token still works.
                    return bought is TokenOutcome.Unavailable && stillValid ? new TokenOutcome.Ready(kept!) : bought;
                }
                finally { await ReleaseAsync(lockId); }
            }
            if (stillValid) return new TokenOutcome.Ready(kept!);
            if (waited.Elapsed >= Options.TokenWait) return new TokenOutcome.Unavailable("no WeChat access token: another node's renewal did not finish in time");
            await Task.Delay(Poll, ct);
        }
    }

    private async Task<TokenOutcome> ReplaceInStoreAsync(string rejected, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await UsableOtherThan(rejected, ct) is { } replaced) return new TokenOutcome.Ready(replaced);
            if (await store.TryLockAsync(LockHold, ct) is { } lockId)
            {
                try
                {
                    if (await UsableOtherThan(rejected, ct) is { } renewed) return new TokenOutcome.Ready(renewed);
                    logger.LogWarning("WeChat rejected the access token; renewing it with force_refresh");
                    return await BuyAsync(forceRefresh: true, ct);
                }
                finally { await ReleaseAsync(lockId); }
            }
            if (waited.Elapsed >= Options.TokenWait) return new TokenOutcome.Unavailable("no WeChat access token: another node's renewal did not finish in time");
            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>Gives the lock back; should that fail, it runs out by itself, and the token already bought still counts.</summary>
    private async Task ReleaseAsync(string lockId)
    {
        try { await store.ReleaseAsync(lockId, CancellationToken.None); }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("WeChat token lock not released ({Error}); it expires by itself", ex.GetType().Name);
        }
    }

    private async Task<WeChatToken?> UsableOtherThan(string rejected, CancellationToken ct) =>
        await store.ReadAsync(ct) is { } kept && kept.Value != rejected && time.GetUtcNow() < kept.ExpiresAt ? kept : null;

    private async Task<TokenOutcome> BuyAsync(bool forceRefresh, CancellationToken ct)
    {
        var requested = time.GetUtcNow();
        var answer = await client.FetchTokenAsync(forceRefresh, ct);
        if (answer is WeChatResponse.Answered { ErrCode: 0, AccessToken: { Length: > 0 } value, ExpiresIn: { } seconds and > 0 })
        {
            // Counted from the request, not the answer: the token may be older than the round trip.
            var token = new WeChatToken(value, requested + TimeSpan.FromSeconds(seconds));
            await store.WriteAsync(token, ct);
            logger.LogInformation("WeChat access token renewed (force_refresh {Force}); valid until {ExpiresAt:u}", forceRefresh, token.ExpiresAt);
            return new TokenOutcome.Ready(token);
        }
        var reason = answer switch
        {
            WeChatResponse.Answered a => $"WeChat refused an access token (errcode {a.ErrCode}: {a.ErrMsg})",
            WeChatResponse.Failed f => $"WeChat token endpoint not reached: {f.Reason}",
            _ => "unexpected token answer",
        };
        logger.LogWarning("{Reason}", reason);
        return new TokenOutcome.Unavailable(reason);
    }
}

/// <summary>Whether an access token could be had.</summary>
public abstract record TokenOutcome
{
    public sealed record Ready(WeChatToken Token) : TokenOutcome;

    /// <summary>None could be had now (WeChat unreachable, credentials refused, or another node's renewal is slow).</summary>
    public sealed record Unavailable(string Reason) : TokenOutcome;
}
