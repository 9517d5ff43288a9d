using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Campaigns;
using Outreach.Channels.Outbox;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Engine.Extensions;
using Outreach.Engine.Pipeline;
using Outreach.Storage;

namespace Outreach.Engine.Tests;

/// <summary>The real engine on the embedded default (SQLite, in-process limiter, outbox) in a temporary folder, with a controlled clock.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>11:00 in Shanghai, 22:00 the evening before in New York.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("outreach-engine-").FullName;
    private readonly ServiceProvider _services;

    public FakeTimeProvider Time { get; } = new(Now);

    public EngineHarness(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(_folder, "outreach.db"),
            ["Limits:DataDirectory"] = _folder,
            ["Limits:Rules:0:Max"] = "1",
            ["Limits:Rules:0:Per"] = "1d",
            ["Limits:QuietHours:DefaultTimeZone"] = "Asia/Shanghai",
            ["Channels:Outbox:Path"] = Path.Combine(_folder, "outbox.jsonl"),
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();

        _services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(Time)
            .AddOutreachEngine(configuration)
            .BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ICustomerStore Store => Get<ICustomerStore>();

    public async Task AddCustomersAsync(params Customer[] customers)
    {
        await Store.MigrateAsync();
        var report = await Store.UpsertCustomersAsync(customers);
        Assert.Empty(report.Errors);
    }

    public static Campaign Campaign(string yaml)
    {
        var result = new CampaignLoader().LoadText(yaml, "test.yaml");
        Assert.True(result.Campaign is not null, string.Join("\n", result.Diagnostics));
        return result.Campaign!;
    }

    public async Task<(RunSummary Summary, Dictionary<string, TouchDecision> Decisions)> RunAsync(Campaign campaign, string runId = "run-1", bool dryRun = false)
    {
        var decisions = new Dictionary<string, TouchDecision>();
        var summary = await Get<CampaignRunner>().RunAsync(campaign, new RunOptions(runId, dryRun), d =>
        {
            decisions.Add(d.CustomerId, d);
            return ValueTask.CompletedTask;
        });
        return (summary, decisions);
    }

    public IReadOnlyList<string> OutboxLines()
    {
        var path = Get<OutboxWriter>().Path;
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
