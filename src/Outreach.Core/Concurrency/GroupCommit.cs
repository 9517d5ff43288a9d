namespace Outreach.Core.Concurrency;

/// <summary>
/// Writes items that arrive at the same time together: each caller adds its item and waits; whoever holds the gate
/// writes every item waiting by then (up to <c>maxBatch</c>) in one call, and the others find theirs written when their
/// turn comes. One lock, one write, one commit for many callers, while each still learns its own item's result only once
/// it is written. Used where a write's fixed cost (a file lock, a transaction) dwarfs the item's own.
/// </summary>
public sealed class GroupCommit<TItem, TResult>(
    Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxBatch = int.MaxValue) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Waiting> _waiting = [];

    /// <summary>
    /// Writes <paramref name="item"/> (with whatever else is waiting) and answers its result. Cancelled while still
    /// waiting, the item is not written; once a write took it, the caller waits for that write, whose outcome stands.
    /// </summary>
    public async Task<TResult> AddAsync(TItem item, CancellationToken ct)
    {
        var waiting = new Waiting(item);
        lock (_waiting) _waiting.Add(waiting);
        try
        {
            await _gate.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            lock (_waiting)
                if (_waiting.Remove(waiting)) throw;
            return await waiting.Done.Task;
        }
        try
        {
            while (!waiting.Done.Task.IsCompleted) await WriteWaitingAsync();
        }
        finally
        {
            _gate.Release();
        }
        return await waiting.Done.Task;
    }

    /// <summary>Runs <paramref name="work"/> while no write is under way (a read that must not see half a batch).</summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteWaitingAsync()
    {
        List<Waiting> batch;
        lock (_waiting)
        {
            batch = _waiting.Take(maxBatch).ToList();
            _waiting.RemoveRange(0, batch.Count);
        }
        try
        {
            var results = await write(batch.Select(w => w.Item).ToList());
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
        }
        catch (Exception error)
        {
            foreach (var waiting in batch) waiting.Done.TrySetException(error);
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>An item waiting for its write; a class, so that it is found again by reference.</summary>
    private sealed class Waiting(TItem item)
    {
        public TItem Item { get; } = item;
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
