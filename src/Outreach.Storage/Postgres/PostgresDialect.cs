using System.Data;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Postgres;

/// <summary>PostgreSQL: lists as one array parameter (one plan whatever the length), JSON as jsonb.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override string InList<T>(string expression, IReadOnlyList<T> values, DbType type, SqlArguments arguments) =>
        $"{expression} = ANY({arguments.Add(values.ToArray(), null)})";

    public override string Json(string parameter) => $"CAST({parameter} AS jsonb)";
}
