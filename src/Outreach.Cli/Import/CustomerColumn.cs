namespace Outreach.Cli.Import;

/// <summary>The columns a customers CSV may have; only <see cref="Id"/> is required.</summary>
internal enum CustomerColumn
{
    Id,
    Name,
    Phone,
    Email,
    WeChatOpenId,
    TimeZone,
    Tags,
    MembershipTier,
    MembershipStatus,
    MembershipExpiresAt,
    ConsentSms,
    ConsentCall,
    ConsentEmail,
    ConsentWeChat,
    CreatedAt,
}

internal static class CustomerColumns
{
    /// <summary>The header names, in the order of <see cref="CustomerColumn"/>.</summary>
    public static readonly string[] Names =
    [
        "id", "name", "phone", "email", "wechat_openid", "timezone", "tags", "membership_tier", "membership_status",
        "membership_expires_at", "consent_sms", "consent_call", "consent_email", "consent_wechat", "created_at",
    ];

    public static string NameOf(CustomerColumn column) => Names[(int)column];
}
