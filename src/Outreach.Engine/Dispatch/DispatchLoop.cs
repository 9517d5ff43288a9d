using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Engine.Results;
using Outreach.Engine.Triggers;

namespace Outreach.Engine.Dispatch;

/// <summary>
/// The engine's background work while it runs: <see cref="DispatchOptions.Workers"/> dispatchers draining the touch
/// queue, the event-trigger scan and the campaigns' stop rules. Every node runs one; they share the queue through the database.
/// </summary>
public sealed class DispatchLoop(
    TouchDispatcher dispatcher,
    EventTriggerScanner triggers,
    StopRuleMonitor stopRules,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DispatchLoop> logger)
{
    /// <summary>Raised after every batch that claimed touches (from the worker's thread).</summary>
    public event Action<DispatchReport>? Dispatched;

    public Task RunAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var workers = Enumerable.Range(0, settings.Workers).Select(_ => WorkAsync(settings.PollInterval, ct));
        return Task.WhenAll([.. workers, ScanAsync(settings.TriggerScanInterval, ct), stopRules.RunAsync(ct)]);
    }

    private async Task WorkAsync(TimeSpan idle, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var report = await dispatcher.DispatchOnceAsync(ct: ct);
                if (report.Claimed > 0) Dispatched?.Invoke(report);
                else await Task.Delay(idle, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database or limiter outage: what was claimed is taken over after its lease; keep trying.
                logger.LogError(e, "Dispatching failed; trying again in {Idle}", idle);
                await Delay(idle, ct);
            }
        }
    }

    private async Task ScanAsync(TimeSpan interval, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await triggers.ScanAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Scanning events for triggers failed; trying again in {Interval}", interval);
            }
            await Delay(interval, ct);
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
