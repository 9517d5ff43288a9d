namespace Outreach.Storage.Ledger;

/// <summary>Builds the <see cref="ITouchLedger"/> on the same database as the configured customer store.</summary>
internal static class TouchLedgerFactory
{
    public static ITouchLedger Create(StorageOptions options, TimeProvider time) =>
        options.Provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => new SqliteTouchLedger(options.SqlitePath, time),
            "postgres" or "postgresql" => new PostgresTouchLedger(
                options.PostgresConnectionString is { Length: > 0 } cs
                    ? cs
                    : throw new InvalidOperationException($"{StorageOptions.SectionName}:PostgresConnectionString is required when Provider is 'postgres'."),
                time),
            var other => throw new InvalidOperationException(
                $"{StorageOptions.SectionName}:Provider '{other}' is not known; use 'sqlite' or 'postgres'."),
        };
}
