using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

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

    private OutreachServer(Dictionary<string, string?> settings) => _settings = settings;

    /// <summary>The clock the server reads; tests move it instead of waiting.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Starts a server on <paramref name="store"/> with <paramref name="settings"/> on top of the defaults.</summary>
    public static async Task<OutreachServer> StartAsync(Store store, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            // The repository's config/ would bring its campaigns, caps and channels; tests bring their own.
            ["Server:ConfigPath"] = "no-config-folder",
        };
        var server = new OutreachServer(all);
        Directory.CreateDirectory(server._folder);
        all["Engine:CampaignsPath"] = Path.Combine(server._folder, "campaigns");
        all["Channels:Outbox:Path"] = Path.Combine(server._folder, "outbox.jsonl");
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
