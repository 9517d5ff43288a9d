using System.Data;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Sqlite;

/// <summary>SQLite: lists as one parameter per value, JSON as plain text.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string InList<T>(string expression, IReadOnlyList<T> values, DbType type, SqlArguments arguments) =>
        $"{expression} IN ({string.Join(", ", values.Select(v => arguments.Add(v, type)))})";

    public override string Json(string parameter) => parameter;
}
