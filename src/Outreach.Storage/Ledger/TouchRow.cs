using System.Data;
using System.Data.Common;
using Outreach.Core;
using Outreach.Storage.Relational;

namespace Outreach.Storage.Ledger;

/// <summary>How a <see cref="TouchRecord"/> maps to the <c>touches</c> table: status and channel by name, instants as unix ms.</summary>
internal static class TouchRow
{
    public const string Columns =
        "id, campaign_id, run_id, step, customer_id, status, channel, variant, reason, due_at, expires_at, attempts, provider_id, created_at, updated_at, sequence_at";

    public static readonly string InsertSql =
        $"INSERT INTO touches ({Columns}) VALUES " +
        "(@id, @campaign_id, @run_id, @step, @customer_id, @status, @channel, @variant, @reason, @due_at, @expires_at, @attempts, @provider_id, @now, @now, @sequence_at) " +
        "ON CONFLICT (id) DO NOTHING";

    /// <summary>The statuses a dispatcher may claim once due; Reserved is due when its lease has run out.</summary>
    public static readonly string Claimable =
        $"status IN ('{TouchStatus.Planned}', '{TouchStatus.Deferred}', '{TouchStatus.Capped}', '{TouchStatus.Reserved}') AND due_at <= @now";

    /// <summary>Statuses that are still to be sent some day: what a run's pause, resume and cancel act on.</summary>
    public static readonly TouchStatus[] Pending = [TouchStatus.Planned, TouchStatus.Deferred, TouchStatus.Capped];

    public static string Name(TouchStatus status) => status.ToString();

    public static DbCommand PrepareInsert(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand(InsertSql, transaction);
        command.AddParameter("@id", type: DbType.String);
        command.AddParameter("@campaign_id", type: DbType.String);
        command.AddParameter("@run_id", type: DbType.String);
        command.AddParameter("@step", type: DbType.Int32);
        command.AddParameter("@customer_id", type: DbType.String);
        command.AddParameter("@status", type: DbType.String);
        command.AddParameter("@channel", type: DbType.String);
        command.AddParameter("@variant", type: DbType.String);
        command.AddParameter("@reason", type: DbType.String);
        command.AddParameter("@due_at", type: DbType.Int64);
        command.AddParameter("@expires_at", type: DbType.Int64);
        command.AddParameter("@attempts", type: DbType.Int32);
        command.AddParameter("@provider_id", type: DbType.String);
        command.AddParameter("@now", type: DbType.Int64);
        command.AddParameter("@sequence_at", type: DbType.Int64);
        return command;
    }

    public static void Bind(DbCommand insert, TouchRecord t, long now)
    {
        var p = insert.Parameters;
        p["@id"].Set(t.TouchId);
        p["@campaign_id"].Set(t.CampaignId);
        p["@run_id"].Set(t.RunId);
        p["@step"].Set(t.Step);
        p["@customer_id"].Set(t.CustomerId);
        p["@status"].Set(Name(t.Status));
        p["@channel"].Set(t.Channel?.ToName());
        p["@variant"].Set(t.Variant);
        p["@reason"].Set(t.Reason);
        p["@due_at"].Set(StoredTime.ToMilliseconds(t.DueAt));
        p["@expires_at"].Set(StoredTime.ToMilliseconds(t.ExpiresAt));
        p["@attempts"].Set(t.Attempts);
        p["@provider_id"].Set(t.ProviderId);
        p["@now"].Set(now);
        p["@sequence_at"].Set(StoredTime.ToMilliseconds(t.SequenceAt ?? t.DueAt));
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>, in that order.</summary>
    public static TouchRecord Read(DbDataReader r) =>
        new(r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4))
        {
            Status = Enum.Parse<TouchStatus>(r.GetString(5)),
            Channel = r.IsDBNull(6) ? null : ChannelNames.TryParse(r.GetString(6), out var channel) ? channel : null,
            Variant = r.IsDBNull(7) ? null : r.GetString(7),
            Reason = r.IsDBNull(8) ? null : r.GetString(8),
            DueAt = StoredTime.FromMilliseconds(r.GetInt64(9)),
            ExpiresAt = r.IsDBNull(10) ? null : StoredTime.FromMilliseconds(r.GetInt64(10)),
            Attempts = r.GetInt32(11),
            ProviderId = r.IsDBNull(12) ? null : r.GetString(12),
            CreatedAt = StoredTime.FromMilliseconds(r.GetInt64(13)),
            UpdatedAt = StoredTime.FromMilliseconds(r.GetInt64(14)),
            SequenceAt = r.IsDBNull(15) ? null : StoredTime.FromMilliseconds(r.GetInt64(15)),
        };
}
