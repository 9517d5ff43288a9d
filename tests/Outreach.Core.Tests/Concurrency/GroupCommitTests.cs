using Outreach.Core.Concurrency;

namespace Outreach.Core.Tests.Concurrency;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Items_added_while_a_write_is_under_way_are_written_together_each_with_its_own_result()
    {
        var batches = new List<IReadOnlyList<int>>();
        var firstWrite = new TaskCompletionSource();
        using var commit = new GroupCommit<int, string>(async items =>
        {
            lock (batches) batches.Add(items);
            if (batches.Count == 1) await firstWrite.Task; // hold the first write while the others arrive
            return items.Select(i => $"#{i}").ToList();
        });

        var first = commit.AddAsync(0, CancellationToken.None);
        var others = Enumerable.Range(1, 20).Select(i => commit.AddAsync(i, CancellationToken.None)).ToList();
        firstWrite.SetResult();

        Assert.Equal("#0", await first);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"#{i}"), await Task.WhenAll(others));
        Assert.Equal([[0], Enumerable.Range(1, 20).ToList()], batches.Select(b => b.ToList()).ToList());
    }

    [Fact]
    public async Task A_batch_holds_at_most_max_batch_items_and_every_item_is_still_written()
    {
        var sizes = new List<int>();
        var hold = new TaskCompletionSource();
        using var commit = new GroupCommit<int, int>(async items =>
        {
            lock (sizes) sizes.Add(items.Count);
            await hold.Task;
            return items;
        }, maxBatch: 3);

        var first = commit.AddAsync(0, CancellationToken.None);
        var others = Enumerable.Range(1, 7).Select(i => commit.AddAsync(i, CancellationToken.None)).ToList();
        hold.SetResult();

        Assert.Equal(Enumerable.Range(1, 7), await Task.WhenAll(others));
        Assert.Equal(0, await first);
        Assert.Equal(8, sizes.Sum());
        Assert.All(sizes, size => Assert.InRange(size, 1, 3));
    }

    [Fact]
    public async Task An_item_cancelled_while_waiting_is_not_written_and_a_failed_write_fails_each_of_its_items()
    {
        var written = new List<int>();
        var hold = new TaskCompletionSource();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var commit = new GroupCommit<int, int>(async items =>
        {
            writing.TrySetResult();
            await hold.Task;
            if (items.Contains(13)) throw new IOException("disk full");
            lock (written) written.AddRange(items);
            return items;
        });

        var first = commit.AddAsync(0, CancellationToken.None);
        // The first write has taken item 0 alone; the next ones wait for the group after it (on a loaded machine the
        // writer could otherwise start late and take them all at once, before the cancel).
        await writing.Task;
        using var giveUp = new CancellationTokenSource();
        var cancelled = commit.AddAsync(1, giveUp.Token);
        var unlucky = commit.AddAsync(13, CancellationToken.None);
        var companion = commit.AddAsync(2, CancellationToken.None);
        await giveUp.CancelAsync();
        hold.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(0, await first);
        await Assert.ThrowsAsync<IOException>(() => unlucky);
        await Assert.ThrowsAsync<IOException>(() => companion);
        Assert.Equal([0], written);
        Assert.Equal(5, await commit.AddAsync(5, CancellationToken.None)); // a failed write leaves the next one working
    }
}
