using System.Data;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>An event in stored form: one row of <c>customer_events</c>.</summary>
internal sealed record EventRow(string Id, string CustomerId, string Type, long OccurredAt, long? AmountUnits, string? PropertiesJson)
{
    public const string SelectColumns = "e.id, e.customer_id, e.type, e.occurred_at, e.amount_units, e.properties";

    /// <summary>Records one event from parameters named like the columns (plus <c>@now</c>); an id seen before is skipped.</summary>
    public static string InsertSql(SqlDialect dialect) =>
        "INSERT INTO customer_events (id, customer_id, type, occurred_at, amount_units, properties, received_at) " +
        $"VALUES (@id, @customer_id, @type, @occurred_at, @amount_units, {dialect.Json("@properties")}, @now) ON CONFLICT (id) DO NOTHING";

    /// <summary>
    /// As <see cref="InsertSql"/>, but only for a customer that exists: one round trip for the usual case (a new event of a
    /// known customer); a row count of 0 means a repeat or an unknown customer, told apart only then.
    /// </summary>
    public static string InsertForKnownCustomerSql(SqlDialect dialect) =>
        "INSERT INTO customer_events (id, customer_id, type, occurred_at, amount_units, properties, received_at) " +
        $"SELECT @id, @customer_id, @type, @occurred_at, @amount_units, {dialect.Json("@properties")}, @now " +
        "WHERE EXISTS (SELECT 1 FROM customers WHERE id = @customer_id) ON CONFLICT (id) DO NOTHING";

    /// <summary>The parameters of <see cref="InsertSql"/> in the order of <see cref="WriteTo"/>.</summary>
    public static readonly (string Name, DbType Type)[] InsertParameters =
    [
        ("@id", DbType.String), ("@customer_id", DbType.String), ("@type", DbType.String), ("@occurred_at", DbType.Int64),
        ("@amount_units", DbType.Int64), ("@properties", DbType.String), ("@now", DbType.Int64),
    ];

    /// <summary>Writes the values in the order of <see cref="InsertParameters"/>, <paramref name="now"/> as the time received.</summary>
    public void WriteTo(IRowWriter row, long now)
    {
        row.Text(Id);
        row.Text(CustomerId);
        row.Text(Type);
        row.BigInt(OccurredAt);
        row.BigInt(AmountUnits);
        row.Json(PropertiesJson);
        row.BigInt(now);
    }

    public static EventRow From(CustomerEvent e, string? customerId = null) => new(
        e.Id,
        customerId ?? e.CustomerId,
        e.Type,
        StoredTime.ToMilliseconds(e.OccurredAt),
        e.Amount is { } amount ? StoredMoney.ToUnits(amount) : null,
        e.Properties is { Count: > 0 } properties ? StoredJson.Serialize(properties) : null);

    public static CustomerEvent Read(System.Data.Common.DbDataReader row) => new()
    {
        Id = row.GetString(0),
        CustomerId = row.GetString(1),
        Type = row.GetString(2),
        OccurredAt = StoredTime.FromMilliseconds(row.GetInt64(3)),
        Amount = row.IsDBNull(4) ? null : StoredMoney.FromUnits(row.GetInt64(4)),
        Properties = row.IsDBNull(5)
            ? new Dictionary<string, string>()
            : StoredJson.Deserialize<Dictionary<string, string>>(row.GetString(5)) ?? [],
    };
}
