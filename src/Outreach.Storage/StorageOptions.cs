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
}
