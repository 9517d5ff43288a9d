namespace Outreach.Storage.Ledger;

/// <summary>Builds the <see cref="ITouchLedger"/> on the same database as the configured customer store.</summary>
internal static class TouchLedgerFactory
{
    /// <param name="options">Validated (<see cref="StorageOptions.Validate"/>), as <c>IOptions</c> hands them out.</param>
    public static ITouchLedger Create(StorageOptions options, TimeProvider time) =>
        options.IsPostgres ? new PostgresTouchLedger(options.PostgresConnectionString!, time) : new SqliteTouchLedger(options.SqlitePath, time);
}
