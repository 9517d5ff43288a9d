using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Server.Security;

namespace Outreach.Server.Tests;

/// <summary>Which store a server under test runs on: an xUnit theory over both proves an endpoint on each.</summary>
public enum Store { Sqlite, Postgres }

/// <summary>
/// The real server in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>) on a store of its own: a fresh SQLite file,
/// or a fresh schema on the PostgreSQL server tests/services.sh started. Settings are passed as host settings
/// (<c>UseSetting</c>) because the server reads some of them while it registers its services.
/// </summary>
public sealed class OutreachServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"outreach-server-{Guid.NewGuid():N}");

    private readonly Action<IServiceCollection>? _services;

    private OutreachServer(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) => (_settings, _services) = (settings, services);

    /// <summary>API keys every test server accepts, one per scope (configured hashed, as in production).</summary>
    public const string AdminKey = "test-admin-key-0000000000000000";
    public const string IngestKey = "test-ingest-key-000000000000000";
    public const string TriggerKey = "test-trigger-key-00000000000000";

    /// <summary>The clock the server reads; tests move it instead of waiting.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Starts a server on <paramref name="store"/> with <paramref name="settings"/> on top of the defaults.</summary>
    /// <param name="services">Changes to the server's services after its own (a capturing logger, a fake).</param>
    public static async Task<OutreachServer> StartAsync(Store store, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            // The repository's config/ would bring its campaigns, caps and channels; tests bring their own.
            ["Server:ConfigPath"] = "no-config-folder",
            // The hosted engine's loop would take the touches a test means to watch; a test that wants it turns it on.
            ["Server:RunEngine"] = "false",
            // Quartz keeps schedulers by name per process: each server its own.
            ["Scheduling:InstanceName"] = $"outreach-test-{Guid.NewGuid():N}",
        };
        var keys = new[] { ("test-admin", AdminKey, Scopes.Admin), ("test-ingest", IngestKey, Scopes.Ingest), ("test-trigger", TriggerKey, Scopes.Trigger) };
        for (var i = 0; i < keys.Length; i++)
        {
            all[$"Server:ApiKeys:{i}:Name"] = keys[i].Item1;
            all[$"Server:ApiKeys:{i}:Hash"] = ApiKeyHash.HexOf(keys[i].Item2);
            all[$"Server:ApiKeys:{i}:Scopes:0"] = keys[i].Item3;
        }
        var server = new OutreachServer(all, services);
        Directory.CreateDirectory(server._folder);
        all["Engine:CampaignsPath"] = Path.Combine(server._folder, "campaigns");
        all["Channels:Outbox:Path"] = Path.Combine(server._folder, "outbox.jsonl");
        all["Limits:DataDirectory"] = Path.Combine(server._folder, "limits");
        Directory.CreateDirectory(all["Limits:DataDirectory"]!);
        Directory.CreateDirectory(all["Engine:CampaignsPath"]!);
        if (store == Store.Sqlite)
        {
            all["Storage:Provider"] = "sqlite";
            all["Storage:SqlitePath"] = Path.Combine(server._folder, "outreach.db");
        }
        else
        {
            all["Storage:Provider"] = "postgres";
            all["Storage:PostgresConnectionString"] = await SharedPostgres.NewSchemaAsync();
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        _ = server.Server; // start now, so a failing start-up fails the test that asked for it
        return server;
    }

    public string CampaignsFolder => _settings["Engine:CampaignsPath"]!;

    /// <summary>The outbox file every touch sent by this server is a JSON line of.</summary>
    public string OutboxPath => _settings["Channels:Outbox:Path"]!;

    /// <summary>Writes a campaign file into the campaigns folder and loads it, as the folder watcher would after its debounce.</summary>
    public void AddCampaign(string fileName, string yaml)
    {
        File.WriteAllText(Path.Combine(CampaignsFolder, fileName), yaml);
        Services.GetRequiredService<Outreach.Engine.Scheduling.CampaignCatalog>().Reload();
    }

    /// <summary>A client sending the test key of <paramref name="scope"/> (<see cref="Scopes"/>) in <c>X-Api-Key</c>.</summary>
    public HttpClient CreateClient(string scope)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyHash.Header, scope switch
        {
            Scopes.Admin => AdminKey,
            Scopes.Ingest => IngestKey,
            Scopes.Trigger => TriggerKey,
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "no test key for this scope"),
        });
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
