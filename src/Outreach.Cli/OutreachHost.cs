using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Engine;
using Outreach.Engine.Extensions;
using Outreach.Storage;

namespace Outreach.Cli;

/// <summary>
/// The services a command needs, configured from <c>config/*.json</c> (in name order) and then environment variables
/// (<c>Storage__Provider=postgres</c>), so the same files serve a laptop and a container.
/// </summary>
public static class OutreachHost
{
    public static async Task<ServiceProvider> StartAsync(string configDirectory, CancellationToken ct)
    {
        var builder = new ConfigurationBuilder();
        if (Directory.Exists(configDirectory))
            foreach (var file in Directory.EnumerateFiles(configDirectory, "*.json").Order(StringComparer.Ordinal))
                builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        var configuration = builder.AddEnvironmentVariables().Build();

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(TimeProvider.System)
            .AddOutreachEngine(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // A plain service provider does not run start-up validation by itself: a mistake in config/ is named here, before any work.
        services.GetService<IStartupValidator>()?.Validate();
        await services.GetRequiredService<ICustomerStore>().MigrateAsync(ct);
        return services;
    }

    /// <summary>
    /// Starts the limiter before a command that sends does anything else: beside a process that keeps the embedded caps
    /// in this folder it throws <see cref="Outreach.Limits.InProcess.LimiterJournalInUseException"/> (exit 75) now,
    /// before a scheduler, a run or a line of output.
    /// </summary>
    public static void TakeTheCaps(this IServiceProvider services) => services.GetRequiredService<Outreach.Limits.ITouchLimiter>();

    public static string CampaignsPath(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<EngineOptions>>().Value.CampaignsPath;
}
