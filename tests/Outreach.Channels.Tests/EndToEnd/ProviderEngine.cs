using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Campaigns;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Engine;
using Outreach.Testing;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Extensions;
using Outreach.Engine.Runs;
using Outreach.Storage;
using Outreach.Storage.Ledger;
using Outreach.Channels.Tests.Twilio;
using Outreach.Channels.Tests.WeChat;

namespace Outreach.Channels.Tests.EndToEnd;

/// <summary>
/// The real engine (SQLite, in-process limiter and token store) in a temporary folder with a controlled clock, its
/// channels configured against the fake Twilio, the fake WeChat and the test SMTP server. A minimal copy of the engine
/// tests' harness.
/// </summary>
public sealed class ProviderEngine : IAsyncDisposable
{
    /// <summary>11:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("outreach-e2e-").FullName;
    private readonly ServiceProvider _services;
    private readonly List<string> _customerIds = [];

    public FakeTimeProvider Time { get; }

    public InMemoryCampaigns Campaigns { get; } = new();

    public ProviderEngine(FakeTimeProvider time, IDictionary<string, string?> channels, ProviderScript script)
    {
        Time = time;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:SqlitePath"] = Path.Combine(_folder, "outreach.db"),
                ["Limits:DataDirectory"] = _folder,
                ["Limits:Rules:0:Max"] = "1",
                ["Limits:Rules:0:Per"] = "1d",
                ["Limits:QuietHours:DefaultTimeZone"] = "Asia/Shanghai",
                ["Channels:Outbox:Path"] = Path.Combine(_folder, "outbox.jsonl"),
                // One dispatcher, so the provider answers scripted per address (ProviderScript) are consumed in order.
                ["Engine:Dispatch:Workers"] = "1",
            })
            .AddInMemoryCollection(channels)
            .Build();

        var services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(Time)
            .AddOutreachEngine(configuration)
            .AddSingleton<ICampaignSource>(Campaigns);
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new ScriptingHandler(script)));
        _services = services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ICustomerStore Store => Get<ICustomerStore>();

    public async Task AddCustomersAsync(IReadOnlyList<(Customer Customer, PurchaseStats Purchases)> rows)
    {
        await Store.MigrateAsync();
        await Store.BulkLoadAsync(rows.Select(r => (r.Customer, r.Purchases, (IReadOnlyList<CustomerEvent>)[])).ToAsyncEnumerable());
        _customerIds.AddRange(rows.Select(r => r.Customer.Id));
    }

    public static Campaign Campaign(string yaml)
    {
        var result = new CampaignLoader().LoadText(yaml, "test.yaml");
        Assert.True(result.Campaign is not null, string.Join("\n", result.Diagnostics));
        return result.Campaign!;
    }

    public async Task<RunStatus> RunAsync(Campaign campaign, string runId)
    {
        Campaigns.Put(campaign);
        return await Get<RunExecutor>().RunNowAsync(campaign, runId);
    }

    public async Task<int> DispatchDueAsync()
    {
        var dispatcher = Get<TouchDispatcher>();
        var claimed = 0;
        while ((await dispatcher.DispatchOnceAsync()) is { Claimed: > 0 } report) claimed += report.Claimed;
        return claimed;
    }

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

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Provider answers by address: the WeChat errcode for an openid, the Twilio error for a number.</summary>
public sealed class ProviderScript(FakeWeChat? wechat, FakeTwilio? twilio)
{
    public Dictionary<string, int> WeChatErrcodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (int Status, int Code)> TwilioErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Held by each provider request from queuing its answer until the fake has taken it (see <see cref="ScriptingHandler"/>).</summary>
    internal SemaphoreSlim OneAtATime { get; } = new(1, 1);

    public async Task BeforeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is null) return;
        var path = request.RequestUri!.AbsolutePath;
        if (wechat is not null && path == "/cgi-bin/message/template/send")
        {
            var body = await request.Content.ReadAsStringAsync(ct);
            var touser = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("touser").GetString()!;
            if (WeChatErrcodes.TryGetValue(touser, out var errcode)) wechat.Enqueue(FakeWeChat.Reply.Errcode(errcode));
        }
        else if (twilio is not null && request.Method == HttpMethod.Post && path.EndsWith("/Messages.json", StringComparison.Ordinal))
        {
            var form = await request.Content.ReadAsStringAsync(ct);
            var to = form.Split('&').Select(p => p.Split('=', 2)).Where(kv => kv[0] == "To")
                .Select(kv => Uri.UnescapeDataString(kv[1].Replace('+', ' '))).FirstOrDefault();
            if (to is not null && TwilioErrors.TryGetValue(to, out var error)) twilio.Enqueue(FakeTwilio.Reply.Error(error.Status, error.Code));
        }
    }
}

/// <summary>
/// Queues the scripted answer on the fake right before the request that it answers goes out. The fakes answer from one
/// queue in arrival order, while the engine sends a batch side by side: requests go through here one at a time, so the
/// answer queued for one recipient is the one its own request takes.
/// </summary>
internal sealed class ScriptingHandler(ProviderScript script) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        await script.OneAtATime.WaitAsync(ct);
        try
        {
            await script.BeforeAsync(request, ct);
            return await base.SendAsync(request, ct);
        }
        finally
        {
            script.OneAtATime.Release();
        }
    }
}
