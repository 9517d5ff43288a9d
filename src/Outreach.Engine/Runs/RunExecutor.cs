using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns;
using Outreach.Engine.Dispatch;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Runs;

/// <summary>
/// Runs a campaign now, in this process: plans the run and, while planning goes on, drains the run's due touches with
/// <see cref="DispatchOptions.Workers"/> dispatchers. Returns once nothing of the run is due any more; its deferred
/// touches and later sequence steps stay in the queue for the engine (<c>outreach start</c>) to send when due.
/// Running it again with the same run id finishes an interrupted run without touching anyone twice.
/// </summary>
public sealed class RunExecutor(RunPlanner planner, TouchDispatcher dispatcher, RunControl control, IOptions<DispatchOptions> options)
{
    // How often an idle worker looks again while the run's last touches are held by another worker or node: a
    // wall-clock poll, not domain time, so it is not on the TimeProvider (a test's frozen clock would stall it).
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task<RunStatus> RunNowAsync(
        Campaign campaign, string runId, string trigger = "manual", IProgress<RunProgress>? progress = null, CancellationToken ct = default)
    {
        long planned = 0, dispatched = 0;
        void Report() => progress?.Report(new RunProgress(Interlocked.Read(ref planned), Interlocked.Read(ref dispatched)));

        var planning = planner.PlanAsync(campaign, runId, trigger, new Progress(count =>
        {
            Interlocked.Exchange(ref planned, count);
            Report();
        }), ct);
        var workers = Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var report = await dispatcher.DispatchOnceAsync((campaign.Id, runId), ct);
                if (report.Claimed > 0)
                {
                    Interlocked.Add(ref dispatched, report.Claimed);
                    Report();
                    continue;
                }
                // Nothing due to claim: done once planning is, unless touches are still held (by another worker, another
                // node, or a node that died and whose lease has yet to run out); touches planned for later wait for them.
                if (planning.IsCompleted && (await control.GetAsync(campaign.Id, runId, ct))?[TouchStatus.Reserved] is null or 0) return;
                await Task.Delay(Poll, ct);
            }
        }, ct)).ToList();

        var run = await planning;
        Interlocked.Exchange(ref planned, run.Audience ?? planned);
        await Task.WhenAll(workers);
        Report();
        return (await control.GetAsync(campaign.Id, runId, ct))!;
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

/// <summary>How far a run in this process is: customers planned, touches dispatched (every step and retry counts).</summary>
public sealed record RunProgress(long Planned, long Dispatched);
