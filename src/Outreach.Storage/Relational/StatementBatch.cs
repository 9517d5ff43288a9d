using System.Data;
using System.Data.Common;

namespace Outreach.Storage.Relational;

/// <summary>
/// Rows of statements sent to the server in one round trip (<see cref="DbBatch"/>, where the provider has it:
/// PostgreSQL). Each row is one command; values are written as an <see cref="IRowWriter"/> or given all at once.
/// </summary>
internal sealed class StatementBatch(DbConnection connection, DbTransaction transaction) : IRowWriter, IAsyncDisposable
{
    private readonly DbBatch _batch = CreateBatch(connection, transaction);
    private DbBatchCommand? _row;

    public int Count => _batch.BatchCommands.Count;

    /// <summary>Starts a row of <paramref name="sql"/>; its values follow, in the order of <paramref name="parameters"/>.</summary>
    public StatementBatch Add(string sql, IEnumerable<(string Name, DbType Type)> parameters)
    {
        _row = _batch.CreateBatchCommand();
        _row.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = _row.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            _row.Parameters.Add(parameter);
        }
        _next = 0;
        _batch.BatchCommands.Add(_row);
        return this;
    }

    public void Bind(params ReadOnlySpan<object?> values)
    {
        foreach (var value in values) Next().Set(value);
    }

    public void Text(string? value) => Next().Set(value);

    public void Json(string? value) => Next().Set(value);

    public void Integer(int value) => Next().Value = value;

    public void BigInt(long? value) => Next().Set(value);

    /// <summary>Runs every row; then <see cref="RowsAffected"/> tells what each one did.</summary>
    public async Task ExecuteAsync(CancellationToken ct)
    {
        if (Count > 0) await _batch.ExecuteNonQueryAsync(ct);
    }

    public int RowsAffected(int row) => _batch.BatchCommands[row].RecordsAffected;

    public ValueTask DisposeAsync() => _batch.DisposeAsync();

    private int _next;

    private DbParameter Next() => (DbParameter)_row!.Parameters[_next++];

    private static DbBatch CreateBatch(DbConnection connection, DbTransaction transaction)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }
}
