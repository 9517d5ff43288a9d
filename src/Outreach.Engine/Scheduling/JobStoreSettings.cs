using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Storage;

namespace Outreach.Engine.Scheduling;

/// <summary>Where Quartz keeps its jobs and triggers, resolved once from configuration: SQLite embedded, or PostgreSQL clustered.</summary>
public sealed record JobStoreSettings(bool Clustered, string ConnectionString, string? SqlitePath, TimeSpan MisfireThreshold, string InstanceName)
{
    public static JobStoreSettings From(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        // Read here while the services are registered, before the store's own validation runs: its mistakes first.
        if (storage.Validate().ToList() is { Count: > 0 } problems)
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), problems);
        var scheduling = configuration.GetSection(SchedulingOptions.SectionName).Get<SchedulingOptions>() ?? new SchedulingOptions();
        var threshold = Duration.TryParse(scheduling.MisfireThreshold, out var parsed) && parsed > TimeSpan.Zero
            ? parsed
            : throw new OptionsValidationException(SchedulingOptions.SectionName, typeof(SchedulingOptions),
                [$"{SchedulingOptions.SectionName}:MisfireThreshold '{scheduling.MisfireThreshold}' is not a duration such as 1m or 30s."]);

        if (storage.IsPostgres)
            return new JobStoreSettings(true, storage.PostgresConnectionString ?? "", null, threshold, scheduling.InstanceName);

        var path = string.IsNullOrWhiteSpace(scheduling.SqlitePath)
            ? Path.Combine(Path.GetDirectoryName(storage.SqlitePath) ?? "", "quartz.db")
            : scheduling.SqlitePath;
        return new JobStoreSettings(false, $"Data Source={path}", path, threshold, scheduling.InstanceName);
    }
}
