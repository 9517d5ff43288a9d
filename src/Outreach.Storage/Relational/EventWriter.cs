using System.Data;
using System.Data.Common;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>Records events and applies their effects through statements prepared once per transaction.</summary>
internal sealed class EventWriter(Statement exists, Statement insert, Statement purchase, Statement membership) : IAsyncDisposable
{
    public static async Task<EventWriter> PrepareAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CancellationToken ct) =>
        new(
            await Statement.PrepareAsync(connection, transaction, "SELECT COUNT(*) FROM customers WHERE id = @id", [("@id", DbType.String)], ct),
            await Statement.PrepareAsync(connection, transaction, EventRow.InsertForKnownCustomerSql(dialect), EventRow.InsertParameters, ct),
            // Mirrors PurchaseStats.With: earliest first, latest last, one more purchase, amount added.
            await Statement.PrepareAsync(connection, transaction, PurchaseSql, PurchaseParameters, ct),
            await Statement.PrepareAsync(connection, transaction, MembershipSql, MembershipParameters, ct));

    // Mirrors PurchaseStats.With: earliest first, latest last, one more purchase, amount added.
    private const string PurchaseSql =
        "UPDATE customers SET " +
        "first_purchase_at = CASE WHEN first_purchase_at IS NULL OR first_purchase_at > @at THEN @at ELSE first_purchase_at END, " +
        "last_purchase_at = CASE WHEN last_purchase_at IS NULL OR last_purchase_at < @at THEN @at ELSE last_purchase_at END, " +
        "purchase_count = purchase_count + 1, total_spend_units = total_spend_units + @amount_units, updated_at = @now " +
        "WHERE id = @id";

    private static readonly (string, DbType)[] PurchaseParameters =
        [("@id", DbType.String), ("@at", DbType.Int64), ("@amount_units", DbType.Int64), ("@now", DbType.Int64)];

    private const string MembershipSql =
        "UPDATE customers SET membership_status = COALESCE(@status, membership_status), " +
        "membership_expires_at = COALESCE(@expires_at, membership_expires_at), membership_changed_at = @at, updated_at = @now " +
        "WHERE id = @id AND (membership_changed_at IS NULL OR membership_changed_at <= @at)";

    private static readonly (string, DbType)[] MembershipParameters =
        [("@id", DbType.String), ("@status", DbType.Int32), ("@expires_at", DbType.Int64), ("@at", DbType.Int64), ("@now", DbType.Int64)];

    /// <summary>
    /// A whole batch in two round trips, where the provider sends statements together (PostgreSQL): every insert, then
    /// the effects of those that went in. Answers, per event, whether it was stored (false: a repeat or an unknown customer).
    /// </summary>
    public static async Task<bool[]> StoreAllAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, IReadOnlyList<(CustomerEvent Event, EventEffect Effect)> events, long now,
        CancellationToken ct)
    {
        await using var inserts = new StatementBatch(connection, transaction);
        var insertSql = EventRow.InsertForKnownCustomerSql(dialect);
        foreach (var (e, _) in events) EventRow.From(e).WriteTo(inserts.Add(insertSql, EventRow.InsertParameters), now);
        await inserts.ExecuteAsync(ct);

        var stored = new bool[events.Count];
        await using var effects = new StatementBatch(connection, transaction);
        for (var i = 0; i < events.Count; i++)
        {
            if (!(stored[i] = inserts.RowsAffected(i) == 1)) continue;
            var (e, effect) = events[i];
            switch (effect)
            {
                case EventEffect.Purchase p:
                    effects.Add(PurchaseSql, PurchaseParameters).Bind(e.CustomerId, StoredTime.ToMilliseconds(p.At), StoredMoney.ToUnits(p.Amount), now);
                    break;
                case EventEffect.Membership m:
                    effects.Add(MembershipSql, MembershipParameters).Bind(e.CustomerId, m.Status is { } status ? (int)status : null,
                        StoredTime.ToMilliseconds(m.ExpiresAt), StoredTime.ToMilliseconds(m.At), now);
                    break;
            }
        }
        await effects.ExecuteAsync(ct);
        return stored;
    }

    public async Task<bool> CustomerExistsAsync(string customerId, CancellationToken ct) =>
        Convert.ToInt64(await exists.Bind(customerId).ScalarAsync(ct)) > 0;

    /// <summary>Records the event; false when its id was seen before or its customer does not exist.</summary>
    public async Task<bool> InsertAsync(EventRow row, long now, CancellationToken ct)
    {
        row.WriteTo(insert, now);
        return await insert.ExecuteAsync(ct) == 1;
    }

    public async Task ApplyAsync(string customerId, EventEffect effect, long now, CancellationToken ct)
    {
        var statement = effect switch
        {
            EventEffect.Purchase p => purchase.Bind(customerId, StoredTime.ToMilliseconds(p.At), StoredMoney.ToUnits(p.Amount), now),
            EventEffect.Membership m => membership.Bind(
                customerId, m.Status is { } status ? (int)status : null, StoredTime.ToMilliseconds(m.ExpiresAt), StoredTime.ToMilliseconds(m.At), now),
            _ => null,
        };
        if (statement is not null) await statement.ExecuteAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await exists.DisposeAsync();
        await insert.DisposeAsync();
        await purchase.DisposeAsync();
        await membership.DisposeAsync();
    }
}
