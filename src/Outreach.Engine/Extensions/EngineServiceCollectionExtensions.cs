using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Campaigns.Extensions;
using Outreach.Channels.Extensions;
using Microsoft.Extensions.Options;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Pipeline;
using Outreach.Engine.Results;
using Outreach.Engine.Runs;
using Outreach.Engine.Triggers;
using Outreach.Limits.Extensions;
using Outreach.Storage.Extensions;

namespace Outreach.Engine.Extensions;

public static class EngineServiceCollectionExtensions
{
    /// <summary>The whole engine: campaigns, storage, limits, channels, the decide-and-dispatch pipeline, runs and triggers.</summary>
    public static IServiceCollection AddOutreachEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName));
        services.AddOutreachCampaigns();
        services.AddOutreachStorage(configuration);
        services.AddOutreachLimits(configuration);
        services.AddOutreachChannels(configuration);
        services.AddOptions<DispatchOptions>().Bind(configuration.GetSection(DispatchOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DispatchOptions>, DispatchOptionsValidator>();
        services.AddSingleton<TouchDecider>();
        services.AddSingleton<CampaignRunner>();
        services.AddSingleton<RunPlanner>();
        services.AddSingleton<RunControl>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<TouchDispatcher>();
        services.AddSingleton<EventTriggerScanner>();
        services.AddSingleton<DispatchLoop>();
        services.AddSingleton<Preview.CampaignPreviewer>();
        services.AddOutreachScheduling(configuration);
        services.AddOutreachPlanning();
        services.AddOutreachResults(configuration);
        return services;
    }

    /// <summary>Names every mistake in <c>Engine:Dispatch</c> instead of one generic failure.</summary>
    private sealed class DispatchOptionsValidator : IValidateOptions<DispatchOptions>
    {
        public ValidateOptionsResult Validate(string? name, DispatchOptions options) =>
            options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
