using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Outreach.Server.Health;

/// <summary>The body of <c>/ready</c>: the overall status and each check's status and what it found.</summary>
public static class ReadinessReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToList();
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = Name(report.Status),
            failing,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = Name(e.Value.Status),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }, Json));
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
