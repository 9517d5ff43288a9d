using Microsoft.Extensions.Options;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Scheduling;

namespace Outreach.Server.Hosting;

/// <summary>
/// The engine inside the server, as <c>outreach start</c> runs it: Quartz fires scheduled campaigns, and the dispatch
/// loop sends due touches, fires event-triggered campaigns and checks stop rules. Off with <c>Server:RunEngine=false</c>.
/// On shutdown a touch cut short is taken over after its lease, as after a crash, and Quartz hands a running job back to resume.
/// </summary>
public sealed class EngineHost(
    CampaignScheduler scheduler, DispatchLoop loop, IOptions<ServerOptions> options, ILogger<EngineHost> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _dispatching;

    /// <summary>What the readiness check reports: not hosted, starting, running, or stopped (with why).</summary>
    public EngineState State { get; private set; } = EngineState.NotHosted;

    public string? Problem { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.RunEngine) return;
        State = EngineState.Starting;
        var report = await scheduler.StartAsync(ct);
        foreach (var problem in report.Problems) logger.LogWarning("Not scheduled: {Problem}", problem);
        _dispatching = RunLoopAsync();
        State = EngineState.Running;
        logger.LogInformation("Engine running: scheduler, event triggers and touch queue");
    }

    private async Task RunLoopAsync()
    {
        try
        {
            // Off the start-up path: the loop runs until shutdown.
            await Task.Yield();
            await loop.RunAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            State = EngineState.Stopped;
            Problem = $"the dispatch loop stopped: {e.Message}";
            logger.LogCritical(e, "The dispatch loop stopped; touches are no longer sent by this node");
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (State == EngineState.NotHosted) return;
        State = EngineState.Stopped;
        Problem ??= "the server is shutting down";
        await _stopping.CancelAsync();
        if (_dispatching is { } dispatching) await dispatching.WaitAsync(ct);
        await scheduler.StopAsync(ct);
    }
}

public enum EngineState { NotHosted, Starting, Running, Stopped }
