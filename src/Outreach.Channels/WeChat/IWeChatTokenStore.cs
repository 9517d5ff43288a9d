namespace Outreach.Channels.WeChat;

/// <summary>
/// Where the account's access token is kept for every node that sends (Redis in a cluster, memory on one node), with a
/// renewal lock so that one node at a time buys a new token.
/// </summary>
public interface IWeChatTokenStore
{
    /// <summary>The token kept, or null when none is.</summary>
    Task<WeChatToken?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="token"/> for every node.</summary>
    Task WriteAsync(WeChatToken token, CancellationToken cancellationToken);

    /// <summary>Takes the renewal lock for at most <paramref name="hold"/>; the lock's own id, or null when another holds it.</summary>
    Task<string?> TryLockAsync(TimeSpan hold, CancellationToken cancellationToken);

    /// <summary>Gives the lock back, if <paramref name="lockId"/> still holds it.</summary>
    Task ReleaseAsync(string lockId, CancellationToken cancellationToken);
}
