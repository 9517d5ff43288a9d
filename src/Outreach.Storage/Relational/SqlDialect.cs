using System.Data;

namespace Outreach.Storage.Relational;

/// <summary>
/// What differs between the SQL of SQLite and PostgreSQL in the statements both stores share. Arithmetic needs no
/// entry: <c>CAST(x AS DOUBLE PRECISION)</c>, integer columns and IEEE doubles behave the same in both.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>A predicate "<paramref name="expression"/> is one of <paramref name="values"/>" (never empty).</summary>
    public abstract string InList<T>(string expression, IReadOnlyList<T> values, DbType type, SqlArguments arguments) where T : notnull;

    /// <summary>The SQL for a text parameter holding JSON, as the JSON column type expects it.</summary>
    public abstract string Json(string parameter);
}
