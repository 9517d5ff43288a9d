using Microsoft.Extensions.DependencyInjection.Extensions;
using Outreach.Channels;
using Outreach.Engine.Dispatch;
using Prometheus;

namespace Outreach.Server.Metrics;

public static class MetricsExtensions
{
    /// <summary>The server's Prometheus series, and every channel sender timed (<see cref="TimedSender"/>).</summary>
    public static IServiceCollection AddOutreachMetrics(this IServiceCollection services)
    {
        services.AddSingleton<OutreachMetrics>();
        services.Replace(ServiceDescriptor.Singleton(sp => new ChannelSenders(
            sp.GetServices<IChannelSender>().Select(sender => (IChannelSender)new TimedSender(sender, sp.GetRequiredService<OutreachMetrics>())))));
        return services;
    }

    /// <summary>
    /// HTTP request metrics (by route template, method and status; first in the pipeline, so refusals count too), the
    /// dispatchers' outcomes, and <c>/metrics</c> for Prometheus to scrape (no key: it holds no customer data).
    /// </summary>
    public static WebApplication UseOutreachMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<OutreachMetrics>();
        app.Services.GetRequiredService<TouchDispatcher>().Dispatched += metrics.Record;
        app.UseHttpMetrics(options => options.SetMetricFactory(metrics.Factory));
        app.MapMetrics("/metrics", metrics.Registry);
        return app;
    }
}
