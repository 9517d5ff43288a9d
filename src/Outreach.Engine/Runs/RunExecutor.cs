using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Engine.Dispatch;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Runs;

/// <summary>
/// Runs a campaign now, in this process: plans the run and, while planning goes on, works its touches with
/// <see cref="DispatchOptions.Workers"/> dispatchers. Returns once nothing of the run is due any more; its deferred
/// touches and later sequence steps stay in the queue for the engine (<c>outreach start</c>) to send when due.
/// Running it again with the same run id finishes an interrupted run without touching anyone twice.
/// </summary>
/// <remarks>
/// The planner hands each batch straight to a free worker: the batch is written once, already claimed by this process
/// (<see cref="ITouchLedger.PlanClaimedAsync"/>), and worked with the profiles the planner just read, instead of being
/// planned, claimed back and read again. A batch is claimed only when a worker is free to take it, so its lease never
/// runs while it waits. What this process cannot work (touches of an earlier, interrupted attempt; retries) is claimed
/// from the queue as any node would.
/// </remarks>
public sealed class RunExecutor(
    RunPlanner planner, TouchDispatcher dispatcher, RunControl control, ITouchLedger ledger, IOptions<DispatchOptions> options, TimeProvider time)
{
    // How often an idle worker looks again while the run's last touches are held by another worker or node: a
    // wall-clock poll, not domain time, so it is not on the TimeProvider (a test's frozen clock would stall it).
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task<RunStatus> RunNowAsync(
        Campaign campaign, string runId, string trigger = "manual", IProgress<RunProgress>? progress = null, CancellationToken ct = default)
    {
        var settings = options.Value;
        long planned = 0, dispatched = 0;
        void Report() => progress?.Report(new RunProgress(Interlocked.Read(ref planned), Interlocked.Read(ref dispatched)));

        // A worker that fails stops the planner too, rather than leave it waiting for a free worker forever.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var free = new SemaphoreSlim(settings.Workers);
        var handed = Channel.CreateUnbounded<(IReadOnlyList<TouchRecord> Touches, IReadOnlyDictionary<string, CustomerProfile> Profiles)>();

        // In claims of at most Engine:Dispatch:BatchSize, each taken when a worker is free: another node running the
        // same run gets the rest of a planner batch as its own planner catches up, so the nodes share the work.
        async Task HandOverAsync(IReadOnlyList<TouchRecord> touches, IReadOnlyList<CustomerProfile> profiles, CancellationToken token)
        {
            var known = profiles.ToDictionary(p => p.Customer.Id, StringComparer.Ordinal);
            foreach (var chunk in touches.Chunk(settings.BatchSize))
            {
                await free.WaitAsync(token);
                var claimed = await ledger.PlanClaimedAsync(chunk, time.GetUtcNow(), settings.Lease, token);
                if (claimed.Count == 0) free.Release();
                else handed.Writer.TryWrite((claimed, known));
            }
        }

        async Task<RunRecord> PlanAsync()
        {
            try
            {
                return await planner.PlanAsync(campaign, runId, trigger, new Progress(count =>
                {
                    Interlocked.Exchange(ref planned, count);
                    Report();
                }), failed.Token, HandOverAsync);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                handed.Writer.TryComplete();
            }
        }

        void Dispatched(int count)
        {
            Interlocked.Add(ref dispatched, count);
            Report();
        }

        var planning = PlanAsync();
        var workers = Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var (touches, profiles) in handed.Reader.ReadAllAsync(failed.Token))
                {
                    try
                    {
                        Dispatched((await dispatcher.DispatchClaimedAsync(touches, profiles, failed.Token)).Claimed);
                    }
                    finally
                    {
                        free.Release();
                    }
                }
                await DrainAsync(campaign, runId, Dispatched, failed.Token);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }, failed.Token)).ToList();

        // Workers first: when one fails, its exception is the one thrown, not the planner's cancellation it caused.
        await Task.WhenAll([.. workers, planning]);
        var run = await planning;
        Interlocked.Exchange(ref planned, run.Audience ?? planned);
        Report();
        return (await control.GetAsync(campaign.Id, runId, ct))!;
    }

    /// <summary>
    /// Claims the run's due touches from the queue until none is left: nothing due and none held (by another worker,
    /// another node, or a node that died and whose lease has yet to run out); touches planned for later wait for the engine.
    /// </summary>
    private async Task DrainAsync(Campaign campaign, string runId, Action<int> dispatched, CancellationToken ct)
    {
        while (true)
        {
            var claimed = (await dispatcher.DispatchOnceAsync((campaign.Id, runId), ct)).Claimed;
            if (claimed > 0)
            {
                dispatched(claimed);
                continue;
            }
            if ((await control.GetAsync(campaign.Id, runId, ct))?[TouchStatus.Reserved] is null or 0) return;
            await Task.Delay(Poll, ct);
        }
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

/// <summary>How far a run in this process is: customers planned, touches dispatched (every step and retry counts).</summary>
public sealed record RunProgress(long Planned, long Dispatched);
