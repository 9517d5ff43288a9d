using System.Data;
using System.Data.Common;

namespace Outreach.Storage.Relational;

internal static class DbCommandExtensions
{
    public static DbCommand CreateCommand(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter; the type is set so PostgreSQL knows it even when the value is null.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (type is { } dbType) parameter.DbType = dbType;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static void Set(this DbParameter parameter, object? value) => parameter.Value = value ?? DBNull.Value;

    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand(sql, transaction);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
