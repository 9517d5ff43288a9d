using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Engine.Extensions;
using Outreach.Engine.Scheduling;
using Outreach.Storage;
using Quartz;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>
/// One engine node with real time, as <c>outreach start</c> builds it, on a folder of its own (SQLite) or on a shared
/// PostgreSQL database; nodes built on the same store see the same Quartz jobs. Records every scheduled run it does.
/// </summary>
public sealed class SchedulerNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ConcurrentQueue<ScheduledRun> Runs { get; } = new();

    private SchedulerNode(ServiceProvider services)
    {
        _services = services;
        Get<ScheduledRunLog>().Completed += Runs.Enqueue;
    }

    /// <param name="folder">Holds <c>campaigns/</c>, the SQLite stores, the limiter data and the outbox.</param>
    /// <param name="postgres">Customer store and job store on this PostgreSQL database (clustered) instead of SQLite.</param>
    /// <param name="configure">Changes to the engine's services, applied last.</param>
    /// <param name="settingsToo">Settings on top of the node's own.</param>
    public static async Task<SchedulerNode> CreateAsync(
        string folder, string? postgres = null, string misfireThreshold = "1m", Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settingsToo = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Engine:CampaignsPath"] = Path.Combine(folder, "campaigns"),
            ["Storage:SqlitePath"] = Path.Combine(folder, "outreach.db"),
            ["Limits:DataDirectory"] = folder,
            ["Channels:Outbox:Path"] = Path.Combine(folder, "outbox.jsonl"),
            ["Scheduling:MisfireThreshold"] = misfireThreshold,
            ["Scheduling:ReloadDebounce"] = "00:00:00.200",
        };
        if (postgres is not null)
        {
            settings["Storage:Provider"] = "postgres";
            settings["Storage:PostgresConnectionString"] = postgres;
        }
        foreach (var (key, value) in settingsToo ?? new Dictionary<string, string?>()) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton(TimeProvider.System)
            .AddOutreachEngine(configuration);
        configure?.Invoke(collection);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<ICustomerStore>().MigrateAsync();
        return new SchedulerNode(services);
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public CampaignScheduler Scheduler => Get<CampaignScheduler>();

    public CampaignCatalog Catalog => Get<CampaignCatalog>();

    public async Task<IScheduler> QuartzAsync() => await Get<ISchedulerFactory>().GetScheduler();

    public async Task<ICronTrigger?> TriggerOfAsync(string campaignId) =>
        await (await QuartzAsync()).GetTrigger(CampaignScheduleSync.TriggerKeyFor(campaignId)) as ICronTrigger;

    public async ValueTask DisposeAsync()
    {
        await Scheduler.StopAsync();
        await _services.DisposeAsync();
    }
}
