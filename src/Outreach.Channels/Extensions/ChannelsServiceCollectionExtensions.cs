using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outreach.Channels.Outbox;
using Outreach.Core;

namespace Outreach.Channels.Extensions;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>Registers a sender for every channel. Until the provider adapters land, every channel goes to the outbox.</summary>
    public static IServiceCollection AddOutreachChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxWriter>();
        foreach (var channel in Enum.GetValues<Channel>())
            services.AddSingleton<IChannelSender>(sp => new OutboxSender(channel, sp.GetRequiredService<OutboxWriter>()));
        services.AddSingleton<ChannelSenders>();
        return services;
    }
}
