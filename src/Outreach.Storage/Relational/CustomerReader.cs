using System.Data.Common;
using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>Turns a row selected with <see cref="CustomerRow.SelectColumns"/> back into the domain model.</summary>
internal static class CustomerReader
{
    public static (Customer Customer, PurchaseStats Purchases) Read(DbDataReader row)
    {
        var consent = new Dictionary<Channel, ConsentStatus>();
        AddConsent(consent, Channel.Sms, row.GetInt32(7));
        AddConsent(consent, Channel.Call, row.GetInt32(8));
        AddConsent(consent, Channel.Email, row.GetInt32(9));
        AddConsent(consent, Channel.WeChat, row.GetInt32(10));

        var customer = new Customer
        {
            Id = row.GetString(0),
            Name = Text(row, 1),
            Phone = Text(row, 2),
            Email = Text(row, 3),
            WeChatOpenId = Text(row, 4),
            TimeZone = Text(row, 5),
            Tags = StoredJson.Deserialize<string[]>(row.GetString(6)) ?? [],
            Consent = consent,
            MembershipTier = Text(row, 11),
            MembershipStatus = (MembershipStatus)row.GetInt32(12),
            MembershipExpiresAt = Time(row, 13),
            CreatedAt = StoredTime.FromMilliseconds(row.GetInt64(14)),
        };
        var purchases = new PurchaseStats(Time(row, 15), Time(row, 16), row.GetInt32(17), StoredMoney.FromUnits(row.GetInt64(18)));
        return (customer, purchases);
    }

    private static void AddConsent(Dictionary<Channel, ConsentStatus> consent, Channel channel, int status)
    {
        if (status != (int)ConsentStatus.Unknown) consent[channel] = (ConsentStatus)status;
    }

    private static string? Text(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static DateTimeOffset? Time(DbDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : StoredTime.FromMilliseconds(row.GetInt64(ordinal));
}
