using System.Data;
using System.Data.Common;

namespace Outreach.Storage.Relational;

/// <summary>Upserts customers and their tag keys through statements prepared once per transaction.</summary>
internal sealed class CustomerWriter(Statement upsert, Statement deleteTags, Statement insertTag) : IAsyncDisposable
{
    public static async Task<CustomerWriter> PrepareAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CancellationToken ct) =>
        new(
            await Statement.PrepareAsync(connection, transaction, CustomerTable.UpsertSql(dialect, bulk: false),
                [.. CustomerTable.WrittenColumns.Select(c => ("@" + c.Name, c.Type)), ("@now", DbType.Int64)], ct),
            await Statement.PrepareAsync(connection, transaction, CustomerTable.DeleteTagsSql, [("@id", DbType.String)], ct),
            await Statement.PrepareAsync(connection, transaction, CustomerTable.InsertTagSql, [("@id", DbType.String), ("@key", DbType.String)], ct));

    public async Task WriteAsync(CustomerRow row, long now, CancellationToken ct)
    {
        row.WriteTo(upsert);
        upsert.BigInt(now);
        await upsert.ExecuteAsync(ct);
        await deleteTags.Bind(row.Id).ExecuteAsync(ct);
        foreach (var key in row.TagKeys) await insertTag.Bind(row.Id, key).ExecuteAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await upsert.DisposeAsync();
        await deleteTags.DisposeAsync();
        await insertTag.DisposeAsync();
    }
}
