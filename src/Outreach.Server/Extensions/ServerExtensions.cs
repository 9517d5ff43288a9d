using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Outreach.Engine.Extensions;
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
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, server) =>
            kestrel.Limits.MaxRequestBodySize = server.Value.MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>Problem details for every error status, the OpenAPI document and its browsable UI.</summary>
    public static WebApplication UseOutreachServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        return app;
    }

    /// <summary>Creates or upgrades the store's tables before the first request, as the CLI does before each command.</summary>
    public static async Task MigrateOutreachStoreAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<ICustomerStore>().MigrateAsync(app.Lifetime.ApplicationStopping);
}
