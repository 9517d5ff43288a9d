namespace Outreach.Server.Apis;

public static class HealthApi
{
    /// <summary><c>/health</c>: the process is up and serving. Readiness (Redis, database, scheduler) is <c>/ready</c>.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "up" })).WithTags("Health").ExcludeFromDescription();
        return app;
    }
}
