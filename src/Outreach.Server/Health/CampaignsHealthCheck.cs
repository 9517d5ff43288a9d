using Microsoft.Extensions.Diagnostics.HealthChecks;
using Outreach.Engine.Scheduling;

namespace Outreach.Server.Health;

/// <summary>
/// The campaign catalog is loaded. A broken file is Degraded, not Unhealthy: its campaign keeps its last good version
/// and the others run, so the node still serves.
/// </summary>
public sealed class CampaignsHealthCheck(CampaignCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var snapshot = catalog.Current;
        if (snapshot.LoadedAt == DateTimeOffset.MinValue)
            return Task.FromResult(HealthCheckResult.Unhealthy($"the campaigns in {catalog.Folder}/ are not loaded yet"));
        var files = snapshot.Diagnostics.Select(d => d.File).Distinct().ToList();
        return Task.FromResult(files.Count == 0
            ? HealthCheckResult.Healthy($"{snapshot.Campaigns.Count} campaign(s) in force")
            : HealthCheckResult.Degraded($"{snapshot.Campaigns.Count} campaign(s) in force; {files.Count} file(s) with problems: {string.Join(", ", files.Select(Path.GetFileName))}"));
    }
}
