using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>A customer and their purchase stats in stored form: one row of <c>customers</c> plus its tag keys.</summary>
internal sealed record CustomerRow(
    string Id,
    string? Name,
    string? Phone,
    string? Email,
    string? WeChatOpenId,
    string? TimeZone,
    string TagsJson,
    string[] TagKeys,
    int ConsentSms,
    int ConsentCall,
    int ConsentEmail,
    int ConsentWeChat,
    string? MembershipTier,
    string? MembershipTierKey,
    int MembershipStatus,
    long? MembershipExpiresAt,
    long? CreatedAt,
    long? FirstPurchaseAt,
    long? LastPurchaseAt,
    int PurchaseCount,
    long TotalSpendUnits)
{
    /// <summary>The columns <see cref="CustomerReader"/> reads, in its order.</summary>
    public const string SelectColumns =
        "c.id, c.name, c.phone, c.email, c.wechat_open_id, c.time_zone, c.tags, c.consent_sms, c.consent_call, c.consent_email, " +
        "c.consent_wechat, c.membership_tier, c.membership_status, c.membership_expires_at, c.created_at, c.first_purchase_at, " +
        "c.last_purchase_at, c.purchase_count, c.total_spend_units";

    /// <summary>Tags and tiers match case-insensitively (as in <see cref="Outreach.Core.Audience.AudienceEvaluator"/>): SQL compares these keys.</summary>
    public static string Key(string value) => value.ToUpperInvariant();

    /// <summary>Writes the values in the order of <see cref="CustomerTable.WrittenColumns"/>.</summary>
    public void WriteTo(IRowWriter row)
    {
        row.Text(Id);
        row.Text(Name);
        row.Text(Phone);
        row.Text(Email);
        row.Text(WeChatOpenId);
        row.Text(TimeZone);
        row.Json(TagsJson);
        row.Integer(ConsentSms);
        row.Integer(ConsentCall);
        row.Integer(ConsentEmail);
        row.Integer(ConsentWeChat);
        row.Text(MembershipTier);
        row.Text(MembershipTierKey);
        row.Integer(MembershipStatus);
        row.BigInt(MembershipExpiresAt);
        row.BigInt(FirstPurchaseAt);
        row.BigInt(LastPurchaseAt);
        row.Integer(PurchaseCount);
        row.BigInt(TotalSpendUnits);
        row.BigInt(CreatedAt);
    }

    public static string ConsentColumn(Channel channel) => "consent_" + channel.ToName();

    /// <summary>The stored form. A default <see cref="Customer.CreatedAt"/> becomes null: "keep the stored one, or now".</summary>
    public static CustomerRow From(Customer customer, PurchaseStats purchases)
    {
        var tags = customer.Tags ?? [];
        return new CustomerRow(
            customer.Id,
            customer.Name,
            customer.Phone,
            customer.Email,
            customer.WeChatOpenId,
            customer.TimeZone,
            StoredJson.Serialize(tags),
            tags.Select(Key).Distinct(StringComparer.Ordinal).ToArray(),
            (int)customer.ConsentFor(Channel.Sms),
            (int)customer.ConsentFor(Channel.Call),
            (int)customer.ConsentFor(Channel.Email),
            (int)customer.ConsentFor(Channel.WeChat),
            customer.MembershipTier,
            customer.MembershipTier is { } tier ? Key(tier) : null,
            (int)customer.MembershipStatus,
            StoredTime.ToMilliseconds(customer.MembershipExpiresAt),
            customer.CreatedAt == default ? null : StoredTime.ToMilliseconds(customer.CreatedAt),
            StoredTime.ToMilliseconds(purchases.FirstPurchaseAt),
            StoredTime.ToMilliseconds(purchases.LastPurchaseAt),
            purchases.PurchaseCount,
            StoredMoney.ToUnits(purchases.TotalSpend));
    }
}
