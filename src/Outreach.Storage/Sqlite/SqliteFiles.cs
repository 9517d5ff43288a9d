using Microsoft.Data.Sqlite;

namespace Outreach.Storage.Sqlite;

/// <summary>The connection string of a pooled SQLite database file, its folder created when missing.</summary>
internal static class SqliteFiles
{
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
