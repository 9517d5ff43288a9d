using Microsoft.Extensions.DependencyInjection;
using Outreach.Engine.Planning;

// In the engine's extensions namespace so that AddOutreachEngine needs one line to call it.
namespace Outreach.Engine.Extensions;

public static class PlanningServiceCollectionExtensions
{
    /// <summary>The forecaster behind <c>outreach plan</c>; it prices touches with the channel costs AddOutreachChannels binds.</summary>
    public static IServiceCollection AddOutreachPlanning(this IServiceCollection services)
    {
        services.AddSingleton<CampaignForecaster>();
        return services;
    }
}
