using System.Text;
using Microsoft.Data.Sqlite;
using Outreach.Storage.Relational;
using SQLitePCL;

namespace Outreach.Storage.Sqlite;

/// <summary>
/// The SQLite bulk path: raw prepared statements bound by index, reused for every chunk. Same SQL as upserts and
/// event appends, minus ADO.NET's per-execution work (a data reader per statement, parameters looked up by name,
/// a byte array per string), which cost more than SQLite itself at a million customers.
/// </summary>
internal sealed class SqliteBulkWriter : IBulkWriter
{
    private readonly SqliteConnection _connection;
    private readonly long _now;
    private readonly RawStatement _upsert, _deleteTags, _insertTag, _insertEvent;

    public SqliteBulkWriter(SqliteConnection connection, long now)
    {
        _connection = connection;
        _now = now;
        var db = connection.Handle!;
        _upsert = new RawStatement(db, CustomerTable.UpsertSql(SqliteDialect.Instance, bulk: true),
            [.. CustomerTable.WrittenColumns.Select(c => "@" + c.Name), "@now"]);
        _deleteTags = new RawStatement(db, CustomerTable.DeleteTagsSql, ["@id"]);
        _insertTag = new RawStatement(db, CustomerTable.InsertTagSql, ["@id", "@key"]);
        _insertEvent = new RawStatement(db, EventRow.InsertSql(SqliteDialect.Instance), [.. EventRow.InsertParameters.Select(p => p.Name)]);
    }

    public async Task<int> WriteChunkAsync(IAsyncEnumerable<BulkRow> chunk, CancellationToken ct)
    {
        var count = 0;
        using var transaction = _connection.BeginTransaction();
        await foreach (var row in chunk.WithCancellation(ct))
        {
            row.Customer.WriteTo(_upsert);
            _upsert.BigInt(_now);
            _upsert.Run();

            _deleteTags.Text(row.Customer.Id);
            _deleteTags.Run();
            foreach (var key in row.Customer.TagKeys)
            {
                _insertTag.Text(row.Customer.Id);
                _insertTag.Text(key);
                _insertTag.Run();
            }

            foreach (var e in row.Events)
            {
                e.WriteTo(_insertEvent, _now);
                _insertEvent.Run();
            }
            count++;
        }
        transaction.Commit();
        return count;
    }

    public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _upsert.Dispose();
        _deleteTags.Dispose();
        _insertTag.Dispose();
        _insertEvent.Dispose();
        await _connection.DisposeAsync();
    }

    /// <summary>A prepared statement whose named parameters are filled in the order given, then run.</summary>
    private sealed class RawStatement : IRowWriter, IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly int[] _indexes;
        private byte[] _utf8 = new byte[256];
        private int _next;

        public RawStatement(sqlite3 db, string sql, string[] parameters)
        {
            _db = db;
            Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
            _indexes = parameters.Select(p => raw.sqlite3_bind_parameter_index(_statement, p)).ToArray();
        }

        public void Text(string? value)
        {
            var index = _indexes[_next++];
            if (value is null)
            {
                Check(raw.sqlite3_bind_null(_statement, index));
                return;
            }
            // Encoded into one reused buffer (SQLite copies bound text) rather than a new byte array per value.
            var length = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (_utf8.Length < length) _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
            var written = Encoding.UTF8.GetBytes(value, _utf8);
            Check(raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, written)));
        }

        public void Json(string? value) => Text(value);

        public void Integer(int value) => Check(raw.sqlite3_bind_int(_statement, _indexes[_next++], value));

        public void BigInt(long? value)
        {
            var index = _indexes[_next++];
            Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));
        }

        public void Run()
        {
            _next = 0;
            var step = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (step != raw.SQLITE_DONE) Check(step);
        }

        private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);

        public void Dispose() => _statement.Dispose();
    }
}
