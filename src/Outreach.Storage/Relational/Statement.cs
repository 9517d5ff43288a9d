using System.Data;
using System.Data.Common;

namespace Outreach.Storage.Relational;

/// <summary>
/// A prepared command reused for many rows of one transaction. Values are bound by position, in the order the
/// parameters were declared: all at once with <see cref="Bind"/>, or one by one as an <see cref="IRowWriter"/>.
/// </summary>
internal sealed class Statement : IRowWriter, IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private int _next;

    private Statement(DbCommand command, DbParameter[] parameters) => (_command, _parameters) = (command, parameters);

    public static async Task<Statement> PrepareAsync(
        DbConnection connection, DbTransaction transaction, string sql, IEnumerable<(string Name, DbType Type)> parameters, CancellationToken ct)
    {
        var command = connection.CreateCommand(sql, transaction);
        var bound = parameters.Select(p => command.AddParameter(p.Name, null, p.Type)).ToArray();
        await command.PrepareAsync(ct);
        return new Statement(command, bound);
    }

    public Statement Bind(params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++) _parameters[i].Set(values[i]);
        return this;
    }

    public void Text(string? value) => _parameters[_next++].Set(value);

    public void Json(string? value) => _parameters[_next++].Set(value);

    public void Integer(int value) => _parameters[_next++].Value = value;

    public void BigInt(long? value) => _parameters[_next++].Set(value);

    public Task<int> ExecuteAsync(CancellationToken ct)
    {
        _next = 0;
        return _command.ExecuteNonQueryAsync(ct);
    }

    public Task<object?> ScalarAsync(CancellationToken ct)
    {
        _next = 0;
        return _command.ExecuteScalarAsync(ct);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
