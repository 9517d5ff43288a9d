using Microsoft.Extensions.Diagnostics.HealthChecks;
using Outreach.Server.Hosting;
using Quartz;

namespace Outreach.Server.Health;

/// <summary>The hosted engine: Quartz started and not shut down, the dispatch loop running. Healthy when this node does not host it.</summary>
public sealed class EngineHealthCheck(EngineHost engine, ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        switch (engine.State)
        {
            case EngineState.NotHosted:
                return HealthCheckResult.Healthy("not hosted here (Server:RunEngine is false); another node sends");
            case EngineState.Starting:
                return HealthCheckResult.Unhealthy("starting");
            case EngineState.Stopped:
                return HealthCheckResult.Unhealthy(engine.Problem ?? "stopped");
        }
        var scheduler = await schedulers.GetScheduler(ct);
        var status = await scheduler.GetStatus(ct);
        if (status != SchedulerStatus.Running) return HealthCheckResult.Unhealthy($"the Quartz scheduler is {status.ToString().ToLowerInvariant()}, not running");
        return HealthCheckResult.Healthy($"Quartz scheduler {await scheduler.GetSchedulerInstanceId(ct)} and the dispatch loop running");
    }
}
