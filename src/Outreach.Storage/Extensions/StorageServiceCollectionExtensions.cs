using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Outreach.Core.Customers;
using Outreach.Storage.Postgres;
using Outreach.Storage.Sqlite;

namespace Outreach.Storage.Extensions;

/// <summary>Dependency injection for the storage area.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> and <see cref="LifecycleOptions"/> and registers the configured
    /// <see cref="ICustomerStore"/> (call <see cref="ICustomerStore.MigrateAsync"/> on start; it also creates the touch ledger's table),
    /// the <see cref="Ledger.ITouchLedger"/> and <see cref="Runs.IRunStore"/> on the same database, the profile calculator
    /// and the contact validator.
    /// </summary>
    public static IServiceCollection AddOutreachStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        var lifecycle = configuration.GetSection(LifecycleOptions.SectionName);
        services.AddOptions<LifecycleOptions>().Configure(options => ClearConfiguredLists(options, lifecycle)).Bind(lifecycle);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ProfileCalculator(sp.GetRequiredService<IOptions<LifecycleOptions>>().Value));
        services.TryAddSingleton(new ContactValidator());
        services.TryAddSingleton<ICustomerStore>(sp => CreateStore(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<ProfileCalculator>(),
            sp.GetRequiredService<ContactValidator>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Ledger.ITouchLedger>(sp => Ledger.TouchLedgerFactory.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Runs.IRunStore>(sp => (Runs.IRunStore)sp.GetRequiredService<Ledger.ITouchLedger>());
        services.TryAddSingleton<Ledger.ITouchHistory>(sp => (Ledger.ITouchHistory)sp.GetRequiredService<Ledger.ITouchLedger>());
        services.TryAddSingleton<Ledger.ITouchActivity>(sp => (Ledger.ITouchActivity)sp.GetRequiredService<Ledger.ITouchLedger>());
        services.TryAddSingleton<Ledger.ITouchQueue>(sp => (Ledger.ITouchQueue)sp.GetRequiredService<Ledger.ITouchLedger>());
        return services;
    }

    // The configuration binder appends configured array items to the defaults; a configured list must replace them.
    private static void ClearConfiguredLists(LifecycleOptions options, IConfigurationSection section)
    {
        if (section.GetSection(nameof(options.RecencyDays)).Exists()) options.RecencyDays = [];
        if (section.GetSection(nameof(options.FrequencyCounts)).Exists()) options.FrequencyCounts = [];
        if (section.GetSection(nameof(options.MonetaryAmounts)).Exists()) options.MonetaryAmounts = [];
    }

    // The options come validated (StorageOptionsValidator): a known provider, with its path or connection string.
    private static ICustomerStore CreateStore(StorageOptions options, ProfileCalculator calculator, ContactValidator validator, TimeProvider time) =>
        options.IsPostgres
            ? new PostgresCustomerStore(options.PostgresConnectionString!, calculator, validator, time)
            : new SqliteCustomerStore(options.SqlitePath, calculator, validator, time);
}
