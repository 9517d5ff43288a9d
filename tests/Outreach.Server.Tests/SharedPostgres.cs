using Outreach.Testing;

namespace Outreach.Server.Tests;

/// <summary>One PostgreSQL database for the whole test run, a fresh schema per server; dropped when the process exits.</summary>
internal static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresDatabase>> Database = new(async () =>
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().GetAwaiter().GetResult();
        return database;
    });

    public static async Task<string> NewSchemaAsync() => await (await Database.Value).NewSchemaAsync();
}
