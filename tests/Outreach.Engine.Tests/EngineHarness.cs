using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Campaigns;
using Outreach.Channels;
using Outreach.Channels.Outbox;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Engine.Extensions;
using Outreach.Engine.Pipeline;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Runs;
using Outreach.Engine.Tests.Support;
using Outreach.Testing;
using Outreach.Storage;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Tests;

/// <summary>The real engine on the embedded default (SQLite, in-process limiter, outbox) in a temporary folder, with a controlled clock.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>11:00 in Shanghai, 22:00 the evening before in New York.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("outreach-engine-").FullName;
    private readonly ServiceProvider _services;

    public FakeTimeProvider Time { get; } = new(Now);

    /// <summary>The campaigns the dispatchers know (a running engine's catalog); <see cref="RunAsync"/> puts its campaign here.</summary>
    public InMemoryCampaigns Campaigns { get; } = new();

    private readonly List<string> _customerIds = [];

    /// <param name="settings">Configuration on top of the harness's own (later keys win).</param>
    /// <param name="postgres">A connection string (e.g. from <c>PostgresDatabase.NewSchemaAsync</c>): store, ledger and runs on PostgreSQL instead of SQLite.</param>
    /// <param name="configure">Last changes to the services, e.g. <see cref="UseSender"/>.</param>
    public EngineHarness(IDictionary<string, string?>? settings = null, string? postgres = null, Action<IServiceCollection>? configure = null)
    {
        var storage = postgres is null
            ? new Dictionary<string, string?> { ["Storage:Provider"] = "sqlite" }
            : new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:PostgresConnectionString"] = postgres };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = Path.Combine(_folder, "outreach.db"),
                ["Limits:DataDirectory"] = _folder,
                ["Limits:Rules:0:Max"] = "1",
                ["Limits:Rules:0:Per"] = "1d",
                ["Limits:QuietHours:DefaultTimeZone"] = "Asia/Shanghai",
                ["Channels:Outbox:Path"] = Path.Combine(_folder, "outbox.jsonl"),
            })
            .AddInMemoryCollection(storage)
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(Time)
            .AddOutreachEngine(configuration)
            .AddSingleton<ICampaignSource>(Campaigns);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    /// <summary>
    /// Sends <paramref name="sender"/>'s channel through <paramref name="sender"/> instead of the outbox (the other channels
    /// keep theirs). For the <c>configure</c> argument: <c>configure: s => EngineHarness.UseSender(s, mySender)</c>.
    /// </summary>
    public static void UseSender(IServiceCollection services, params IChannelSender[] senders)
    {
        // ChannelSenders refuses two senders of one channel, so the registered ones for these channels are left out.
        services.RemoveAll<ChannelSenders>();
        services.AddSingleton(sp => new ChannelSenders(
            sp.GetServices<IChannelSender>().Where(s => senders.All(t => t.Channel != s.Channel)).Concat(senders)));
    }

    /// <summary>As <see cref="UseSender(IServiceCollection, IChannelSender[])"/>, for a sender made with the engine's services (its clock).</summary>
    public static void UseSender(IServiceCollection services, Func<IServiceProvider, IChannelSender> create)
    {
        services.RemoveAll<ChannelSenders>();
        services.AddSingleton(sp =>
        {
            var sender = create(sp);
            return new ChannelSenders(sp.GetServices<IChannelSender>().Where(s => s.Channel != sender.Channel).Append(sender));
        });
    }

    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ICustomerStore Store => Get<ICustomerStore>();

    public ITouchLedger Ledger => Get<ITouchLedger>();

    /// <summary>Loads customers with their purchase stats as given (the simulator's and an import's fast path), no events applied.</summary>
    public async Task LoadAsync(IEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> rows)
    {
        await Store.MigrateAsync();
        var list = rows.ToList();
        await Store.BulkLoadAsync(list.ToAsyncEnumerable());
        _customerIds.AddRange(list.Select(r => r.Customer.Id));
    }

    /// <summary>Plans a run (its first step's touches, due now) without dispatching anything; the campaign goes into <see cref="Campaigns"/>.</summary>
    public async Task<RunRecord> PlanAsync(Campaign campaign, string runId = "run-1")
    {
        Campaigns.Put(campaign);
        return await Get<RunPlanner>().PlanAsync(campaign, runId, "manual");
    }

    public async Task AddCustomersAsync(params Customer[] customers)
    {
        await Store.MigrateAsync();
        var report = await Store.UpsertCustomersAsync(customers);
        Assert.Empty(report.Errors);
        _customerIds.AddRange(customers.Select(c => c.Id));
    }

    public static Campaign Campaign(string yaml)
    {
        var result = new CampaignLoader().LoadText(yaml, "test.yaml");
        Assert.True(result.Campaign is not null, string.Join("\n", result.Diagnostics));
        return result.Campaign!;
    }

    /// <summary>Decides every customer without the ledger and without sending (<c>outreach run --dry-run</c>).</summary>
    public async Task<(RunSummary Summary, Dictionary<string, TouchDecision> Decisions)> DryRunAsync(Campaign campaign, string runId = "dry")
    {
        var decisions = new Dictionary<string, TouchDecision>();
        var summary = await Get<CampaignRunner>().RunAsync(campaign, new RunOptions(runId, DryRun: true), d =>
        {
            decisions.Add(d.CustomerId, d);
            return ValueTask.CompletedTask;
        });
        return (summary, decisions);
    }

    /// <summary>
    /// Runs the campaign now through the touch queue, as <c>outreach run</c> does, and returns the run's status and
    /// each customer's first-step touch as recorded in the ledger.
    /// </summary>
    public async Task<(RunStatus Status, Dictionary<string, TouchRecord> Touches)> RunAsync(Campaign campaign, string runId = "run-1")
    {
        Campaigns.Put(campaign);
        var status = await Get<RunExecutor>().RunNowAsync(campaign, runId);
        return (status, await TouchesAsync(campaign.Id, runId, step: 0));
    }

    /// <summary>Dispatches every touch due at the harness's current time, batch after batch; returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync()
    {
        var dispatcher = Get<TouchDispatcher>();
        var claimed = 0;
        while ((await dispatcher.DispatchOnceAsync()) is { Claimed: > 0 } report) claimed += report.Claimed;
        return claimed;
    }

    /// <summary>The ledger's touches of one run and step, by customer (of the customers this harness added).</summary>
    public async Task<Dictionary<string, TouchRecord>> TouchesAsync(string campaignId, string runId, int step)
    {
        var ledger = Get<ITouchLedger>();
        var touches = new Dictionary<string, TouchRecord>();
        foreach (var id in _customerIds.Distinct())
            foreach (var touch in await ledger.ForCustomerAsync(id))
                if (touch.CampaignId == campaignId && touch.RunId == runId && touch.Step == step)
                    touches[id] = touch;
        return touches;
    }

    public IReadOnlyList<string> OutboxLines()
    {
        var path = Get<OutboxWriter>().Path;
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    /// <summary>The outbox lines, read.</summary>
    public IReadOnlyList<OutboxEntry> Outbox() => OutboxLines().Select(OutboxEntry.Parse).ToList();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
