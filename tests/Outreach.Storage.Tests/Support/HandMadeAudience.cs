using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Customers;

namespace Outreach.Storage.Tests.Support;

/// <summary>
/// Twelve customers whose profiles were worked out by hand with the default <see cref="LifecycleOptions"/>, and
/// audience filters with the ids each must select. Derived values at <see cref="Days.Now"/>:
/// <code>
/// id   bought (count, first..last days ago, spend)  cycle  R F M  pool         stage         membership
/// c01  never                                        30     0 0 0  New          Introduction  none
/// c02  1, 3..3, 50                                  30     5 1 1  New          Introduction  active Gold, +10d
/// c03  1, 40..40, 120                               30     3 1 2  Active       Introduction  expired gold, -5d
/// c04  1, 50..50, 80                                30     3 1 1  Warning      Dormancy      expired Silver, -40d
/// c05  3, 70..10, 600                               30     4 2 3  Active       Growth        active SILVER, +40d
/// c06  6, 110..10, 2500                             20     4 3 4  Active       Maturity      cancelled Gold, -100d
/// c07  5, 100..60, 5000                             10     3 3 5  Churned      Churn         expired, -2d
/// c08  2, 60..40, 2000                              20     3 2 4  Maintenance  Dormancy      none
/// c09  1, 200..200, 10                              30     1 1 1  Churned      Churn         expired Bronze, no date
/// c10  2, 7..7, 99.99                               30     5 2 1  Active       Growth        active Gold, +3d
/// c11  17, 400..20, 10000                           23.75  4 5 5  Active       Maturity      active Platinum, +365d
/// c12  4, 130..100, 499.99                          10     2 3 2  Churned      Churn         none
/// </code>
/// </summary>
public static class HandMadeAudience
{
    public static IReadOnlyList<(Customer Customer, PurchaseStats Purchases)> Customers { get; } =
    [
        Make("c01", null, ["vip"], sms: ConsentStatus.OptedIn),
        Make("c02", (1, 3, 3, 50m), ["VIP", "new"], MembershipStatus.Active, 10, "Gold", sms: ConsentStatus.OptedIn, wechat: ConsentStatus.OptedIn),
        Make("c03", (1, 40, 40, 120m), ["student"], MembershipStatus.Expired, -5, "gold", sms: ConsentStatus.OptedOut, email: ConsentStatus.OptedIn),
        Make("c04", (1, 50, 50, 80m), [], MembershipStatus.Expired, -40, "Silver", wechat: ConsentStatus.OptedIn),
        Make("c05", (3, 70, 10, 600m), ["vip", "student"], MembershipStatus.Active, 40, "SILVER", sms: ConsentStatus.OptedIn),
        Make("c06", (6, 110, 10, 2500m), ["Wholesale"], MembershipStatus.Cancelled, -100, "Gold", sms: ConsentStatus.OptedIn),
        Make("c07", (5, 100, 60, 5000m), ["vip"], MembershipStatus.Expired, -2, null, sms: ConsentStatus.OptedIn),
        Make("c08", (2, 60, 40, 2000m), ["student"], wechat: ConsentStatus.OptedIn),
        Make("c09", (1, 200, 200, 10m), [], MembershipStatus.Expired, null, "Bronze", email: ConsentStatus.OptedIn),
        Make("c10", (2, 7, 7, 99.99m), ["new"], MembershipStatus.Active, 3, "Gold", sms: ConsentStatus.OptedIn),
        Make("c11", (17, 400, 20, 10000m), ["VIP", "wholesale"], MembershipStatus.Active, 365, "Platinum", sms: ConsentStatus.OptedIn, wechat: ConsentStatus.OptedIn),
        Make("c12", (4, 130, 100, 499.99m), ["lapsed"], sms: ConsentStatus.OptedOut),
    ];

    private static readonly string[] All = ["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11", "c12"];

    public static IReadOnlyDictionary<string, (AudienceFilter Filter, string[] Expected)> Cases { get; } =
        new Dictionary<string, (AudienceFilter, string[])>
        {
            ["everyone"] = (AudienceFilter.Everyone, All),
            ["nobody (empty any-of)"] = (new AnyOf([]), []),
            ["membership expired"] = (new MembershipStatusFilter([MembershipStatus.Expired]), ["c03", "c04", "c07", "c09"]),
            ["membership active or cancelled"] = (new MembershipStatusFilter([MembershipStatus.Active, MembershipStatus.Cancelled]), ["c02", "c05", "c06", "c10", "c11"]),
            ["tier gold, any case"] = (new MembershipTierFilter(["gold"]), ["c02", "c03", "c06", "c10"]),
            ["not tier gold, no tier included"] = (new Not(new MembershipTierFilter(["GOLD"])), ["c01", "c04", "c05", "c07", "c08", "c09", "c11", "c12"]),
            ["expired 1 to 30 days ago"] = (new DaysSinceMembershipExpiryFilter(new(1, 30)), ["c03", "c07"]),
            ["expiring within 14 days"] = (new DaysUntilMembershipExpiryFilter(new(0, 14)), ["c02", "c10"]),
            ["no purchase for 30 days"] = (new DaysSinceLastPurchaseFilter(new(30, null)), ["c03", "c04", "c07", "c08", "c09", "c12"]),
            ["bought within 7 days, boundary included"] = (new DaysSinceLastPurchaseFilter(new(null, 7)), ["c02", "c10"]),
            ["not 30 days without purchase, never-bought included"] = (new Not(new DaysSinceLastPurchaseFilter(new(30, null))), ["c01", "c02", "c05", "c06", "c10", "c11"]),
            ["1.5 own cycles without purchase"] = (new CyclesSinceLastPurchaseFilter(new(1.5, null)), ["c04", "c07", "c08", "c09", "c12"]),
            ["recency score 4 to 5"] = (new RfmScoreFilter(RfmDimension.Recency, new(4, 5)), ["c02", "c05", "c06", "c10", "c11"]),
            ["frequency score at most 1"] = (new RfmScoreFilter(RfmDimension.Frequency, new(null, 1)), ["c01", "c02", "c03", "c04", "c09"]),
            ["monetary score at least 4"] = (new RfmScoreFilter(RfmDimension.Monetary, new(4, null)), ["c06", "c07", "c08", "c11"]),
            ["pool churned"] = (new PoolFilter([CustomerPool.Churned]), ["c07", "c09", "c12"]),
            ["pool new"] = (new PoolFilter([CustomerPool.New]), ["c01", "c02"]),
            ["pool warning or maintenance"] = (new PoolFilter([CustomerPool.Warning, CustomerPool.Maintenance]), ["c04", "c08"]),
            ["stage maturity"] = (new LifecycleStageFilter([LifecycleStage.Maturity]), ["c06", "c11"]),
            ["stage growth"] = (new LifecycleStageFilter([LifecycleStage.Growth]), ["c05", "c10"]),
            ["stage introduction"] = (new LifecycleStageFilter([LifecycleStage.Introduction]), ["c01", "c02", "c03"]),
            ["total spend 500 to 2500"] = (new TotalSpendFilter(new(500, 2500)), ["c05", "c06", "c08"]),
            ["five purchases or more"] = (new PurchaseCountFilter(new(5, null)), ["c06", "c07", "c11"]),
            ["tag vip, any case"] = (new TagsFilter(["vip"]), ["c01", "c02", "c05", "c07", "c11"]),
            ["tags vip and student"] = (new TagsFilter(["vip", "Student"], RequireAll: true), ["c05"]),
            ["tag wholesale or lapsed"] = (new TagsFilter(["WHOLESALE", "lapsed"]), ["c06", "c11", "c12"]),
            ["sms consent"] = (new ConsentFilter(Channel.Sms), ["c01", "c02", "c05", "c06", "c07", "c10", "c11"]),
            ["wechat consent"] = (new ConsentFilter(Channel.WeChat), ["c02", "c04", "c08", "c11"]),
            ["renewal: expired within 30 days, reachable by sms or wechat"] = (new AllOf(
            [
                new MembershipStatusFilter([MembershipStatus.Expired]),
                new DaysSinceMembershipExpiryFilter(new(0, 30)),
                new AnyOf([new ConsentFilter(Channel.Sms), new ConsentFilter(Channel.WeChat)]),
            ]), ["c07"]),
            ["win-back: churned, excluding the lowest value"] = (new AllOf(
            [
                new PoolFilter([CustomerPool.Churned]),
                new Not(new RfmScoreFilter(RfmDimension.Monetary, new(null, 1))),
            ]), ["c07", "c12"]),
            ["vip without sms consent"] = (new AllOf([new TagsFilter(["vip"]), new Not(new ConsentFilter(Channel.Sms))]), []),
        };

    private static (Customer, PurchaseStats) Make(
        string id,
        (int Count, double FirstDaysAgo, double LastDaysAgo, decimal Spend)? bought,
        string[] tags,
        MembershipStatus status = MembershipStatus.None,
        double? expiresInDays = null,
        string? tier = null,
        ConsentStatus sms = ConsentStatus.Unknown,
        ConsentStatus wechat = ConsentStatus.Unknown,
        ConsentStatus email = ConsentStatus.Unknown)
    {
        var customer = new CustomerDraft(id)
        {
            Tags = [.. tags],
            Status = status,
            ExpiresAt = expiresInDays is { } days ? Days.FromNow(days) : null,
            Tier = tier,
        };
        customer.Consent[Channel.Sms] = sms;
        customer.Consent[Channel.WeChat] = wechat;
        customer.Consent[Channel.Email] = email;
        var purchases = bought is { } b
            ? new PurchaseStats(Days.Ago(b.FirstDaysAgo), Days.Ago(b.LastDaysAgo), b.Count, b.Spend)
            : PurchaseStats.None;
        return (customer.Build(), purchases);
    }
}
