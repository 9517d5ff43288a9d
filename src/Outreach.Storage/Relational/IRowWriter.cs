namespace Outreach.Storage.Relational;

/// <summary>
/// Receives one row's values column by column, in table order and typed, so statements and COPY streams are
/// filled the same way without boxing every value on the bulk paths.
/// </summary>
internal interface IRowWriter
{
    void Text(string? value);

    /// <summary>Text holding JSON (jsonb in PostgreSQL).</summary>
    void Json(string? value);

    void Integer(int value);

    void BigInt(long? value);
}
