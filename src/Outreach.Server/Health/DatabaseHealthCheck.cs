using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Outreach.Storage;

namespace Outreach.Server.Health;

/// <summary>The store (customers, ledger, runs) answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(ICustomerStore store, IOptions<StorageOptions> storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var provider = storage.Value.Provider;
        try
        {
            await store.PingAsync(ct);
            return HealthCheckResult.Healthy($"{provider} answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{provider} does not answer: {e.Message}");
        }
    }
}
