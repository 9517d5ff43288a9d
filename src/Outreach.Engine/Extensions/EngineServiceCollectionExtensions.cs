using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Campaigns.Extensions;
using Outreach.Channels.Extensions;
using Outreach.Engine.Pipeline;
using Outreach.Limits.Extensions;
using Outreach.Storage.Extensions;

namespace Outreach.Engine.Extensions;

public static class EngineServiceCollectionExtensions
{
    /// <summary>The whole engine: campaigns, storage, limits, channels and the decide-and-dispatch pipeline.</summary>
    public static IServiceCollection AddOutreachEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName));
        services.AddOutreachCampaigns();
        services.AddOutreachStorage(configuration);
        services.AddOutreachLimits(configuration);
        services.AddOutreachChannels(configuration);
        services.AddSingleton<TouchDecider>();
        services.AddSingleton<CampaignRunner>();
        services.AddOutreachScheduling(configuration);
        return services;
    }
}
