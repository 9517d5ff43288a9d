using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Core.Experiments;

namespace Outreach.Engine.Results;

public static class ResultsServiceCollectionExtensions
{
    /// <summary>Results, the winner rule's settings (<c>Experiments</c>), the global holdout (<c>Engine:GlobalHoldout</c>) and the stop rule.</summary>
    public static IServiceCollection AddOutreachResults(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResultsOptions>().Bind(configuration.GetSection(ResultsOptions.SectionName));
        services.AddOptions<ExperimentOptions>().Bind(configuration.GetSection(ExperimentOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExperimentOptions>>(new Validator<ExperimentOptions>(o => o.Validate()));
        services.AddOptions<GlobalHoldoutOptions>().Bind(configuration.GetSection(GlobalHoldoutOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GlobalHoldoutOptions>>(new Validator<GlobalHoldoutOptions>(o => o.Validate()));
        services.AddSingleton<ResultsCalculator>();
        services.AddSingleton<StopRuleMonitor>();
        return services;
    }

    /// <summary>Names every mistake in a section instead of one generic failure.</summary>
    private sealed class Validator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            validate(options).ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
