using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Outreach.Limits.InProcess;
using Outreach.Limits.Redis;
using Outreach.Limits.Suppression;
using Outreach.Limits.Timing;
using Outreach.Limits.Whitelists;
using StackExchange.Redis;

namespace Outreach.Limits.Extensions;

public static class LimitsServiceCollectionExtensions
{
    /// <summary>
    /// Contact-frequency control from the <c>Limits</c> section: the Redis limiter when <c>Limits:Redis</c> is set,
    /// the in-process one (state files under <c>Limits:DataDirectory</c>) otherwise; plus whitelists, suppression and quiet hours.
    /// </summary>
    public static IServiceCollection AddOutreachLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LimitsOptions.SectionName);
        services.AddOptions<LimitsOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<QuietHours>();
        services.TryAddSingleton<WhitelistService>();

        var options = section.Get<LimitsOptions>() ?? new LimitsOptions();
        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            services.TryAddSingleton<IConnectionMultiplexer>(_ => RedisConnector.Connect(options.Redis));
            services.TryAddSingleton<ISuppressionList, RedisSuppressionList>();
            services.TryAddSingleton<ICustomerListStore, RedisCustomerListStore>();
            services.TryAddSingleton<ITouchLimiter, RedisTouchLimiter>();
        }
        else
        {
            services.TryAddSingleton<ISuppressionList>(_ => new FileSuppressionList(Path.Combine(options.DataDirectory, "suppressions.json")));
            services.TryAddSingleton<ICustomerListStore>(_ => new FileCustomerListStore(Path.Combine(options.DataDirectory, "customer-lists.json")));
            services.TryAddSingleton(_ => new LimiterJournal(Path.Combine(options.DataDirectory, "limiter.journal")));
            services.TryAddSingleton<ITouchLimiter, InProcessTouchLimiter>();
        }
        return services;
    }

    /// <summary>Names every configuration mistake at start-up instead of one generic failure.</summary>
    private sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
    {
        public ValidateOptionsResult Validate(string? name, LimitsOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
