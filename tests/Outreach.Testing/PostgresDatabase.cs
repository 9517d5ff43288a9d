using Xunit;
using Npgsql;

namespace Outreach.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test class (an xUnit class fixture), dropped afterwards; each test can take its own schema in it.
/// The server comes from OUTREACH_TEST_POSTGRES; when it cannot be reached every test fails and says so.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("OUTREACH_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5499;Username=postgres;Database=postgres";

    private readonly string _name = $"outreach_test_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        try
        {
            await using var server = new NpgsqlConnection(ServerConnectionString);
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", server);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{ServerConnectionString}': {ex.Message}. " +
                "Start it with 'tests/services.sh start' or point OUTREACH_TEST_POSTGRES at a server.", ex);
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _name }.ConnectionString;
    }

    /// <summary>A new empty schema; the returned connection string puts it first on the search path.</summary>
    public async Task<string> NewSchemaAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0) return;
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
