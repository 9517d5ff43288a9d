using System.Data;

namespace Outreach.Storage.Relational;

/// <summary>A column a writer fills, with the type its parameter is bound as.</summary>
internal sealed record Column(string Name, DbType Type);

/// <summary>The columns of <c>customers</c> as writers fill them; one list so upserts, bulk loads and merges agree.</summary>
internal static class CustomerTable
{
    /// <summary>What the customer's own systems say: replaced by every upsert.</summary>
    public static readonly Column[] DescriptiveColumns =
    [
        new("name", DbType.String), new("phone", DbType.String), new("email", DbType.String),
        new("wechat_open_id", DbType.String), new("time_zone", DbType.String), new("tags", DbType.String),
        new("consent_sms", DbType.Int32), new("consent_call", DbType.Int32), new("consent_email", DbType.Int32),
        new("consent_wechat", DbType.Int32), new("membership_tier", DbType.String), new("membership_tier_key", DbType.String),
        new("membership_status", DbType.Int32), new("membership_expires_at", DbType.Int64),
    ];

    /// <summary>Kept up to date by purchase events; only bulk loads replace them.</summary>
    public static readonly Column[] PurchaseColumns =
    [
        new("first_purchase_at", DbType.Int64), new("last_purchase_at", DbType.Int64),
        new("purchase_count", DbType.Int32), new("total_spend_units", DbType.Int64),
    ];

    /// <summary>Every column, in the order <see cref="CustomerRow.WriteTo"/> writes them; <c>updated_at</c> (always "now") is not among them.</summary>
    public static readonly Column[] WrittenColumns =
        [new("id", DbType.String), .. DescriptiveColumns, .. PurchaseColumns, new("created_at", DbType.Int64)];

    /// <summary>
    /// Inserts one row from parameters named like the columns (plus <c>@now</c>); see <see cref="OnConflict"/>.
    /// </summary>
    public static string UpsertSql(SqlDialect dialect, bool bulk)
    {
        var values = WrittenColumns.Select(c => c.Name switch
        {
            "tags" => dialect.Json("@tags"),
            "created_at" => "COALESCE(@created_at, @now)",
            var name => "@" + name,
        });
        return $"INSERT INTO customers ({ColumnList}, updated_at) VALUES ({string.Join(", ", values)}, @now) {OnConflict(bulk)}";
    }

    public const string DeleteTagsSql = "DELETE FROM customer_tags WHERE customer_id = @id";

    public const string InsertTagSql = "INSERT INTO customer_tags (customer_id, tag_key) VALUES (@id, @key)";

    public static string ColumnList => string.Join(", ", WrittenColumns.Select(c => c.Name));

    /// <summary>
    /// On an existing id an upsert keeps the purchase stats and, unless <c>@created_at</c> is given, the creation
    /// date; a bulk load replaces the whole row.
    /// </summary>
    public static string OnConflict(bool bulk)
    {
        Column[] replaced = bulk ? [.. DescriptiveColumns, .. PurchaseColumns] : DescriptiveColumns;
        var createdAt = bulk ? "excluded.created_at" : "COALESCE(@created_at, customers.created_at)";
        return "ON CONFLICT (id) DO UPDATE SET " + string.Concat(replaced.Select(c => $"{c.Name} = excluded.{c.Name}, ")) +
            $"created_at = {createdAt}, updated_at = excluded.updated_at";
    }
}
