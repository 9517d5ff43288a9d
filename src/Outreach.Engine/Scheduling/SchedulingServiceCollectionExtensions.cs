using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Engine.Scheduling;
using Quartz;
using SchedulingOptions = Outreach.Engine.Scheduling.SchedulingOptions;

// In the engine's extensions namespace so that AddOutreachEngine needs one line to call it.
namespace Outreach.Engine.Extensions;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Quartz on its persistent store, the campaign catalog and the schedule sync. Registering starts nothing and touches
    /// no file: <see cref="CampaignScheduler.StartAsync"/> does, and only <c>outreach start</c> calls it.
    /// </summary>
    public static IServiceCollection AddOutreachScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var store = JobStoreSettings.From(configuration);
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName));
        services.AddSingleton(store);
        services.AddSingleton<CampaignCatalog>();
        services.AddSingleton<ICampaignSource>(sp => sp.GetRequiredService<CampaignCatalog>());
        services.AddSingleton<CampaignScheduleSync>();
        services.AddSingleton<ScheduledRunLog>();
        services.AddSingleton<CampaignScheduler>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(options =>
            {
                options.InstanceName = store.InstanceName;
                // Quartz's generated id is host name + clock ticks: two nodes starting together in one process (or pod
                // template) could share it and take each other's firings for their own. A random part rules that out.
                if (store.Clustered) options.InstanceId = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..12]}";
                // A job stopped by Ctrl+C is handed back (below) and resumes, with the same run id, when a node starts.
                options.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            quartz.AddJobType<CampaignRunJob>(ServiceLifetime.Transient);
            quartz.UsePersistentStore(persistent =>
            {
                // Quartz 4 ships its official DDL and applies it, guarded (CREATE ... IF NOT EXISTS), when tables are missing.
                persistent.ProvisionSchema();
                persistent.UseSystemTextJsonSerializer();
                persistent.ConfigureStore(options =>
                {
                    options.MisfireThreshold = store.MisfireThreshold;
                    options.RecoverFiringsCancelledByShutdown = true;
                });
                if (store.Clustered)
                {
                    persistent.UsePostgres(store.ConnectionString);
                    persistent.UseClustering();
                }
                else
                {
                    persistent.UseSqlite(store.ConnectionString);
                }
            });
        });
        return services;
    }
}
