namespace Outreach.Storage;

/// <summary>Which customer store to use and where it lives (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The SQLite database file; its folder is created when missing.</summary>
    public string SqlitePath { get; set; } = "data/outreach.db";

    public string? PostgresConnectionString { get; set; }

    /// <summary>Whether the stores (customers, ledger, Quartz's jobs) are on PostgreSQL; otherwise, once validated, SQLite.</summary>
    public bool IsPostgres => Provider.Trim().ToLowerInvariant() is "postgres" or "postgresql";

    private bool IsSqlite => Provider.Trim().Equals("sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every mistake in the section, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (!IsPostgres && !IsSqlite)
            yield return $"{SectionName}:Provider '{Provider}' is not known; use 'sqlite' or 'postgres'.";
        else if (IsSqlite && string.IsNullOrWhiteSpace(SqlitePath))
            yield return $"{SectionName}:SqlitePath must name the database file.";
        else if (IsPostgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
            yield return $"{SectionName}:PostgresConnectionString is required when {SectionName}:Provider is 'postgres' " +
                "(e.g. Storage__PostgresConnectionString='Host=127.0.0.1;Username=outreach;Password=...;Database=outreach').";
    }
}
