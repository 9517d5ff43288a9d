using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Outreach.Server.Health;

/// <summary>Redis (the limiter, suppressions, whitelists) answers PING; registered only when <c>Limits:Redis</c> is set.</summary>
public sealed class RedisHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            // Resolved here, not injected: a failing connect then fails this check instead of the whole endpoint.
            var redis = services.GetRequiredService<IConnectionMultiplexer>();
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(ct);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Redis does not answer PING: {e.Message}");
        }
    }
}
