using Outreach.Limits;
using Outreach.Server.Hosting;

namespace Outreach.Server.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>Tag of the checks <c>/ready</c> runs.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// The hosted engine (<see cref="EngineHost"/>) and the readiness checks: the database, Redis when <c>Limits:Redis</c>
    /// is set, the engine (Quartz and the dispatch loop) and the campaign catalog. Each check gets a few seconds, so a
    /// database that hangs fails the check instead of the probe.
    /// </summary>
    public static IServiceCollection AddOutreachHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());

        var timeout = TimeSpan.FromSeconds(5);
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: timeout);
        if (!string.IsNullOrWhiteSpace(configuration[$"{LimitsOptions.SectionName}:{nameof(LimitsOptions.Redis)}"]))
            checks.AddCheck<RedisHealthCheck>("redis", tags: [Ready], timeout: timeout);
        checks.AddCheck<EngineHealthCheck>("scheduler", tags: [Ready], timeout: timeout)
            .AddCheck<CampaignsHealthCheck>("campaigns", tags: [Ready], timeout: timeout);
        return services;
    }
}
