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

    /// <summary>Every mistake in the section, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        switch (Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                if (string.IsNullOrWhiteSpace(SqlitePath)) yield return $"{SectionName}:SqlitePath must name the database file.";
                break;
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(PostgresConnectionString))
                    yield return $"{SectionName}:PostgresConnectionString is required when {SectionName}:Provider is 'postgres' " +
                        "(e.g. Storage__PostgresConnectionString='Host=127.0.0.1;Username=outreach;Password=...;Database=outreach').";
                break;
            default:
                yield return $"{SectionName}:Provider '{Provider}' is not known; use 'sqlite' or 'postgres'.";
                break;
        }
    }
}
