using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Server.Security;

namespace Outreach.Dashboard.Tests;

/// <summary>
/// The real server on a real loopback port (Kestrel on 127.0.0.1, a port the system picks), because a browser cannot
/// reach WebApplicationFactory's in-memory server. Its own SQLite file, campaigns folder and outbox, Redis under a
/// prefix of its own, and a clock the tests set.
/// </summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    /// <summary>The admin key the dashboard is opened with (configured hashed, as in production).</summary>
    public const string AdminKey = "dashboard-admin-key-00000000000000";

    private readonly Dictionary<string, string?> _settings = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"outreach-dashboard-{Guid.NewGuid():N}");

    /// <summary>The clock the server reads: 10:00 in Shanghai, outside quiet hours.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Where the browser reaches the server, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; private set; } = null!;

    public string CampaignsFolder => _settings["Engine:CampaignsPath"]!;

    public static DashboardServer Start(IDictionary<string, string?>? settings = null)
    {
        var server = new DashboardServer();
        var s = server._settings;
        // The repository's config/ would bring its campaigns, caps and channels; the tests bring their own.
        s["Server:ConfigPath"] = "no-config-folder";
        // The test drives runs itself (and pauses one mid-way): no hosted engine sending behind its back.
        s["Server:RunEngine"] = "false";
        s["Server:ApiKeys:0:Name"] = "dashboard-admin";
        s["Server:ApiKeys:0:Hash"] = ApiKeyHash.HexOf(AdminKey);
        s["Server:ApiKeys:0:Scopes:0"] = Scopes.Admin;
        s["Engine:CampaignsPath"] = Path.Combine(server._folder, "campaigns");
        s["Channels:Outbox:Path"] = Path.Combine(server._folder, "outbox.jsonl");
        s["Storage:Provider"] = "sqlite";
        s["Storage:SqlitePath"] = Path.Combine(server._folder, "outreach.db");
        s["Limits:Redis"] = Environment.GetEnvironmentVariable("OUTREACH_TEST_REDIS") is { Length: > 0 } redis ? redis : "127.0.0.1:6390";
        s["Limits:KeyPrefix"] = $"outreach-dashboard-test:{Guid.NewGuid():N}";
        s["Limits:DataDirectory"] = server._folder;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) s[key] = value;
        Directory.CreateDirectory(s["Engine:CampaignsPath"]!);

        server.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.Address = new Uri(addresses.Addresses.Single().Replace("[::1]", "127.0.0.1").TrimEnd('/') + "/");
        return server;
    }

    /// <summary>A client of the real port sending the admin key, to ask the API what the page should show.</summary>
    public HttpClient AdminClient()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add(ApiKeyHash.Header, AdminKey);
        return client;
    }

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
