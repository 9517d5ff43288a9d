using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Outreach.Engine.Extensions;
using Scalar.AspNetCore;
using Outreach.Engine.Scheduling;
using Outreach.Limits;
using Outreach.Limits.InProcess;
using Outreach.Server.Apis;
using Outreach.Server.Health;
using Outreach.Server.Metrics;
using Outreach.Server.Security;
using Outreach.Server.Webhooks;
using Outreach.Storage;

namespace Outreach.Server.Extensions;

public static class ServerExtensions
{
    /// <summary>
    /// Configuration as the CLI reads it (<c>config/*.json</c> in name order, then environment variables such as
    /// <c>Storage__Provider=postgres</c>, then the command line), the whole engine, and the HTTP pieces around it.
    /// </summary>
    public static WebApplicationBuilder AddOutreachServer(this WebApplicationBuilder builder)
    {
        var folder = builder.Configuration[$"{ServerOptions.SectionName}:{nameof(ServerOptions.ConfigPath)}"] ?? "config";
        if (Directory.Exists(folder))
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
                builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        // Added again so that they still win over the files just added.
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray());

        var services = builder.Services;
        services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddOutreachEngine(builder.Configuration);
        services.AddOutreachWebhooks(builder.Configuration);
        services.AddOutreachHealth(builder.Configuration);
        services.AddOutreachMetrics();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // A 415 comes from routing, before any endpoint could say what it takes.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
                context.ProblemDetails.Detail = "The body's Content-Type is not one this endpoint takes: application/json, or for " +
                                                "POST /campaigns/validate the campaign's YAML as application/yaml (text/yaml, text/plain).";
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Unreadable bodies throw so that BadRequestExceptionHandler can name the field instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        services.AddSingleton<JsonItems>();
        services.AddSingleton<EventBatcher>();
        services.AddSingleton<CampaignTrigger>();
        services.AddSingleton<RunLauncher>();
        services.AddApiKeys();
        services.AddOpenApi(options => options.AddDocumentTransformer<ApiKeyOpenApi>());
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, server) =>
            kestrel.Limits.MaxRequestBodySize = server.Value.MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>
    /// Makes what stops a start end the process as the CLI ends it, not as an abort (134) with a stack trace: a mistake
    /// in <c>config/</c> or the environment, each named by key, exit 78 (EX_CONFIG); the embedded caps kept by another
    /// process, exit 75 (EX_TEMPFAIL) with what to do. Settings are checked while the services are registered and when
    /// the host starts, so the unhandled exception is where they all meet; a host under test (<c>WebApplicationFactory</c>)
    /// still sees the exception itself.
    /// </summary>
    public static void ExitOnStartProblems() =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            switch (e.ExceptionObject)
            {
                case OptionsValidationException problems:
                    foreach (var problem in problems.Failures) Console.Error.WriteLine($"Configuration problem: {problem}");
                    Environment.Exit(78);
                    break;
                case LimiterJournalInUseException inUse:
                    Console.Error.WriteLine(inUse.Message);
                    Environment.Exit(75);
                    break;
            }
        };

    /// <summary>
    /// The host's options: the dashboard (<c>wwwroot/</c>) is served from the folder the server runs in when it has one
    /// (a published image, the tests), and otherwise from the copy next to the program, so that starting the server in
    /// the repository root, where its <c>config/</c> and <c>campaigns/</c> are, still serves the dashboard.
    /// </summary>
    public static WebApplicationOptions HostOptions(string[] args) => new()
    {
        Args = args,
        WebRootPath = Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) ? null : Path.Combine(AppContext.BaseDirectory, "wwwroot"),
    };

    /// <summary>
    /// Says at start what would otherwise only show as refused requests: no config folder where the server runs (it was
    /// started in another folder than the CLI), or no API key at all (every API call would be 401).
    /// </summary>
    public static WebApplication WarnOfMissingSetup(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Outreach.Server");
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (!Directory.Exists(server.ConfigPath))
            logger.LogWarning("No config folder at {ConfigPath} (Server:ConfigPath, from {Folder}): running on defaults and environment variables only",
                Path.GetFullPath(server.ConfigPath), Directory.GetCurrentDirectory());
        if (server.ApiKeys.Count == 0)
            logger.LogWarning("No API key is configured (Server:ApiKeys): every API call will be refused with 401. Make one with " +
                "`outreach apikey new --name me --scopes admin` and add the entry it prints to config/");
        return app;
    }

    /// <summary>
    /// Checks every setting now, as the host would when it starts: a mistake in them is the first thing said (exit 78),
    /// even when something else would stop the start too (the embedded caps kept by another process, say).
    /// </summary>
    public static WebApplication CheckSettings(this WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        return app;
    }

    /// <summary>
    /// Starts the limiter before anything else. The embedded one belongs to a single process: beside a running
    /// <c>outreach start</c> (or another server) on the same data folder this throws
    /// <see cref="LimiterJournalInUseException"/> (exit 75, <see cref="ExitOnStartProblems"/>), because two in-process
    /// limiters would each count only their own touches and break the caps together.
    /// </summary>
    public static WebApplication TakeTheCaps(this WebApplication app)
    {
        app.Services.GetRequiredService<ITouchLimiter>();
        return app;
    }

    /// <summary>Problem details for every error status, the OpenAPI document and its browsable UI.</summary>
    public static WebApplication UseOutreachServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        // The dashboard (wwwroot/dashboard/) on the API's own origin, so the browser sends the same keys to the same endpoints.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        return app;
    }

    /// <summary>Creates or upgrades the store's tables before the first request, as the CLI does before each command.</summary>
    public static async Task MigrateOutreachStoreAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<ICustomerStore>().MigrateAsync(app.Lifetime.ApplicationStopping);

    /// <summary>Loads the campaigns folder into the catalog the API and dispatchers read, and reloads it when a file changes.</summary>
    public static WebApplication LoadOutreachCampaigns(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<CampaignCatalog>();
        catalog.Reload();
        catalog.Watch();
        return app;
    }
}
