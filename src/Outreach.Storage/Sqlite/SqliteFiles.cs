using Microsoft.Data.Sqlite;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Sqlite;

/// <summary>The connection string of a pooled SQLite database file, its folder created when missing, and how a connection to it opens.</summary>
internal static class SqliteFiles
{
    /// <summary>
    /// Opens a connection the way every store of the file needs it:
    /// <c>synchronous = NORMAL</c> is durable in WAL mode except for the last commits before a power loss, and much
    /// faster than FULL; <c>busy_timeout</c> lets SQLite itself wait for another connection's write lock in short
    /// sleeps. Without it Microsoft.Data.Sqlite retries a busy statement after a fixed 150 ms sleep, which stalled the
    /// dispatchers behind each other's claims and completions.
    /// </summary>
    public static async ValueTask<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000", null, ct);
        return connection;
    }

    public static string ConnectionString(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }
}
