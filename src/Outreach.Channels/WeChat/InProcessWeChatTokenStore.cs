namespace Outreach.Channels.WeChat;

/// <summary>The token of a single node (the embedded default, no Redis): kept in memory, lost on restart.</summary>
public sealed class InProcessWeChatTokenStore(TimeProvider time) : IWeChatTokenStore
{
    private readonly Lock _gate = new();
    private WeChatToken? _token;
    private (string Id, DateTimeOffset Until)? _lock;

    public Task<WeChatToken?> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_token);
    }

    public Task WriteAsync(WeChatToken token, CancellationToken cancellationToken)
    {
        lock (_gate) _token = token;
        return Task.CompletedTask;
    }

    public Task<string?> TryLockAsync(TimeSpan hold, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_lock is { } held && held.Until > now) return Task.FromResult<string?>(null);
            var id = Guid.NewGuid().ToString("N");
            _lock = (id, now + hold);
            return Task.FromResult<string?>(id);
        }
    }

    public Task ReleaseAsync(string lockId, CancellationToken cancellationToken)
    {
        lock (_gate)
            if (_lock is { } held && held.Id == lockId) _lock = null;
        return Task.CompletedTask;
    }
}
