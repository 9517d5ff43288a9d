using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Outreach.Server.Health;

namespace Outreach.Server.Apis;

public static class HealthApi
{
    /// <summary>
    /// <c>/health</c>: the process is up and serving. <c>/ready</c>: it can do its work: 200 with each check's status
    /// (database, Redis when configured, scheduler, campaigns), or 503 naming the failing ones. No key: probes call them.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "up" })).WithTags("Health").ExcludeFromDescription();
        app.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthServiceCollectionExtensions.Ready),
            ResponseWriter = ReadinessReport.WriteAsync,
        });
        return app;
    }
}
