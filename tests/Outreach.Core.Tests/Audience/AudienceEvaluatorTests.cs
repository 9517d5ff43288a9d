using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Customers;

namespace Outreach.Core.Tests.Audience;

public class AudienceEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProfileCalculator Calculator = new(new LifecycleOptions());

    private static CustomerProfile Profile(Customer customer, PurchaseStats? stats = null) =>
        Calculator.Derive(customer, stats ?? PurchaseStats.None, Now);

    private static readonly CustomerProfile ExpiredMember = Profile(new Customer
    {
        Id = "expired", MembershipStatus = MembershipStatus.Expired, MembershipExpiresAt = Now.AddDays(-10),
        Tags = ["VIP"], Consent = new Dictionary<Channel, ConsentStatus> { [Channel.Sms] = ConsentStatus.OptedIn },
    }, new PurchaseStats(Now.AddDays(-100), Now.AddDays(-40), 3, 600m));

    private static readonly CustomerProfile NeverBought = Profile(new Customer { Id = "never", CreatedAt = Now.AddDays(-2) });

    [Fact]
    public void Membership_expiry_is_counted_in_days_either_way()
    {
        Assert.True(new DaysSinceMembershipExpiryFilter(new(0, 30)).Matches(ExpiredMember));
        Assert.False(new DaysSinceMembershipExpiryFilter(new(11, null)).Matches(ExpiredMember));
        Assert.True(new DaysUntilMembershipExpiryFilter(new(null, 0)).Matches(ExpiredMember));
        Assert.False(new DaysSinceMembershipExpiryFilter(new(null, null)).Matches(NeverBought));
    }

    [Fact]
    public void Customers_who_never_bought_match_no_recency_filter()
    {
        Assert.False(new DaysSinceLastPurchaseFilter(new(0, null)).Matches(NeverBought));
        Assert.False(new CyclesSinceLastPurchaseFilter(new(0, null)).Matches(NeverBought));
        Assert.True(new PurchaseCountFilter(new(null, 0)).Matches(NeverBought));
    }

    [Fact]
    public void Recency_can_be_measured_in_the_customers_own_cycles()
    {
        // 3 purchases over 60 days: a 30-day cycle; 40 days of silence is 1.33 cycles.
        Assert.True(new CyclesSinceLastPurchaseFilter(new(1.3, 1.4)).Matches(ExpiredMember));
        Assert.True(new DaysSinceLastPurchaseFilter(new(30, 60)).Matches(ExpiredMember));
    }

    [Fact]
    public void Tags_match_without_regard_to_case_and_all_means_all()
    {
        Assert.True(new TagsFilter(["vip", "staff"]).Matches(ExpiredMember));
        Assert.False(new TagsFilter(["vip", "staff"], RequireAll: true).Matches(ExpiredMember));
    }

    [Fact]
    public void Consent_means_opted_in_not_merely_not_opted_out()
    {
        Assert.True(new ConsentFilter(Channel.Sms).Matches(ExpiredMember));
        Assert.False(new ConsentFilter(Channel.Email).Matches(ExpiredMember));
    }

    [Fact]
    public void Filters_compose_with_all_any_and_not()
    {
        var expiredNotVip = new AllOf([
            new MembershipStatusFilter([MembershipStatus.Expired]),
            new Not(new TagsFilter(["vip"])),
        ]);
        var expiredOrNew = new AnyOf([new MembershipStatusFilter([MembershipStatus.Expired]), new PoolFilter([CustomerPool.New])]);

        Assert.False(expiredNotVip.Matches(ExpiredMember));
        Assert.True(expiredOrNew.Matches(ExpiredMember));
        Assert.True(expiredOrNew.Matches(NeverBought));
        Assert.True(AudienceFilter.Everyone.Matches(NeverBought));
        Assert.False(new AnyOf([]).Matches(NeverBought));
    }
}
