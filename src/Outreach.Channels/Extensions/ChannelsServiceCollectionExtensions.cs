using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Outreach.Channels.Costs;
using Outreach.Channels.Email;
using Outreach.Channels.Outbox;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Sms;
using Outreach.Channels.Call;
using Outreach.Channels.Twilio;
using Outreach.Channels.WeChat;
using Outreach.Core;

namespace Outreach.Channels.Extensions;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a sender for every channel, each held to its channel's send-rate limit (<c>Channels:RateLimits</c>; shared
    /// by every node through <c>Limits:Redis</c> when it is set), and the per-message costs (<c>Channels:Costs</c>). Sms and call go through Twilio when <c>Channels:Twilio:AccountSid</c>
    /// is set, email over SMTP when <c>Channels:Email:Host</c> is set, wechat through the Official Account API when
    /// <c>Channels:WeChat:AppId</c> is set; every other channel (and those without their provider) goes to the outbox.
    /// </summary>
    public static IServiceCollection AddOutreachChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.SectionName));
        services.AddOptions<ChannelCostOptions>().Bind(configuration.GetSection(ChannelCostOptions.SectionName));
        var rateLimits = configuration.GetSection(ChannelRateLimitOptions.SectionName);
        // The section's children are the channels, so it binds to the dictionary rather than to the options object.
        services.AddOptions<ChannelRateLimitOptions>().Configure(options => rateLimits.Bind(options.Channels)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChannelRateLimitOptions>, ChannelRateLimitOptionsValidator>();
        RateLimitRegistration.AddChannelRateLimiters(services, configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<OutboxWriter>();
        var twilio = TwilioRegistration.IsConfigured(configuration);
        if (twilio)
        {
            TwilioRegistration.AddTwilioClient(services, configuration);
            services.AddSingleton<IChannelSender, TwilioSmsSender>();
            services.AddSingleton<IChannelSender, TwilioCallSender>();
        }
        var email = EmailRegistration.IsConfigured(configuration);
        if (email) EmailRegistration.AddEmailSender(services, configuration);
        var wechat = WeChatRegistration.IsConfigured(configuration);
        if (wechat)
        {
            WeChatRegistration.AddWeChat(services, configuration);
            services.AddSingleton<IChannelSender, WeChatTemplateSender>();
        }
        else
        {
            // Not sending over WeChat yet, but its callback may be set up first (WeChat verifies the URL before anything
            // else), so the webhook still finds Channels:WeChat:CallbackToken.
            services.AddOptions<WeChat.WeChatOptions>().Bind(configuration.GetSection(WeChat.WeChatOptions.SectionName));
        }
        foreach (var channel in Enum.GetValues<Channel>())
        {
            if (twilio && channel is Channel.Sms or Channel.Call) continue;
            if (email && channel is Channel.Email) continue;
            if (wechat && channel is Channel.WeChat) continue;
            services.AddSingleton<IChannelSender>(sp => new OutboxSender(channel, sp.GetRequiredService<OutboxWriter>()));
        }

        HoldSendersToRateLimits(services);
        services.AddSingleton<ChannelSenders>();
        return services;
    }

    /// <summary>
    /// Replaces every <see cref="IChannelSender"/> registered so far by the same sender behind its channel's limit. The
    /// sender itself moves to a private key, so the container still creates and disposes it, but only the limited one
    /// is an <see cref="IChannelSender"/>.
    /// </summary>
    private static void HoldSendersToRateLimits(IServiceCollection services)
    {
        var registered = services.Count;
        for (var i = 0; i < registered; i++)
        {
            var sender = services[i];
            if (sender.ServiceType != typeof(IChannelSender) || sender.IsKeyedService) continue;
            var key = new object();
            services.Add(Keyed(sender, key));
            services[i] = new ServiceDescriptor(typeof(IChannelSender), sp => RateLimitedSender.Wrap(
                sp.GetRequiredKeyedService<IChannelSender>(key), sp.GetRequiredService<ChannelRateLimiters>(), sp.GetService<TimeProvider>()),
                sender.Lifetime);
        }
    }

    private static ServiceDescriptor Keyed(ServiceDescriptor sender, object key) => sender switch
    {
        { ImplementationInstance: { } instance } => new ServiceDescriptor(typeof(IChannelSender), key, instance),
        { ImplementationFactory: { } factory } => new ServiceDescriptor(typeof(IChannelSender), key, (sp, _) => factory(sp), sender.Lifetime),
        _ => new ServiceDescriptor(typeof(IChannelSender), key, sender.ImplementationType!, sender.Lifetime),
    };
}
