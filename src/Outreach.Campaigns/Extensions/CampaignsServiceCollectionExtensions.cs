using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outreach.Campaigns;
using Outreach.Campaigns.Rendering;

namespace Outreach.Campaigns.Extensions;

/// <summary>Registers the campaign language: the loader and the message renderer.</summary>
public static class CampaignsServiceCollectionExtensions
{
    /// <summary>Adds one <see cref="CampaignLoader"/> and one <see cref="MessageRenderer"/> (whose compiled templates all callers share).</summary>
    public static IServiceCollection AddOutreachCampaigns(this IServiceCollection services)
    {
        services.TryAddSingleton<CampaignLoader>();
        services.TryAddSingleton<MessageRenderer>();
        return services;
    }
}
