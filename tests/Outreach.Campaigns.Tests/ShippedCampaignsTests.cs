using Outreach.Campaigns.Tests.Support;
using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Tests;

/// <summary>The campaigns in the repository's campaigns/ folder are valid and say what the retention playbook asks.</summary>
public class ShippedCampaignsTests
{
    private static readonly CampaignSetResult Loaded = new CampaignLoader().LoadDirectory(RepoPaths.Campaigns);

    private static Campaign Get(string id) => Assert.Single(Loaded.Campaigns, c => c.Id == id);

    [Fact]
    public void The_campaigns_folder_loads_without_a_single_diagnostic()
    {
        Assert.Empty(Loaded.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(["inactivity-30d-coupon", "renewal-reminder", "win-back"], Loaded.Campaigns.Select(c => c.Id));
    }

    [Fact]
    public void Every_campaign_file_declares_the_schema_for_editors()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.Campaigns, "*.yaml"))
            Assert.StartsWith("# yaml-language-server: $schema=./schema.json", File.ReadAllText(file));
    }

    [Fact]
    public void Renewal_reminder_tests_the_free_trial_wording_against_the_plain_notice_on_expired_members()
    {
        var renewal = Get("renewal-reminder");

        Assert.Equal(8, renewal.Priority);
        Assert.Equal(10, renewal.HoldoutPercent);
        Assert.Equal(new EventTrigger(EventTypes.MembershipExpired, TimeSpan.FromDays(1)), renewal.Trigger);
        Assert.Equal(["plain-notice", "free-trial"], renewal.Variants.Select(v => v.Name));
        Assert.All(renewal.Variants, v => Assert.Equal([Channel.WeChat, Channel.Sms], v.Channels));
        Assert.All(renewal.Variants, v => Assert.Equal(50, v.Weight));
        Assert.Equal(new CampaignGoal(EventTypes.MembershipRenewed, TimeSpan.FromDays(14)), renewal.Goal);
        Assert.Equal(TimeSpan.FromDays(2), renewal.WhenBlocked.ExpiresAfter);
        Assert.Equal(
            AudienceText.Of(new AllOf([
                new MembershipStatusFilter([MembershipStatus.Expired]),
                new DaysSinceMembershipExpiryFilter(new NumberRange(0, 30)),
                new Not(new TagsFilter(["complained", "do_not_disturb"])),
            ])),
            AudienceText.Of(renewal.Audience));
    }

    [Fact]
    public void Inactivity_coupon_runs_daily_at_ten_in_Shanghai_for_customers_overdue_by_days_or_by_their_own_cycle()
    {
        var inactivity = Get("inactivity-30d-coupon");

        Assert.Equal("0 0 10 * * ?", inactivity.Schedule);
        Assert.Equal("Asia/Shanghai", inactivity.TimeZone);
        Assert.Equal(20L, inactivity.Offer["coupon_amount"]);
        Assert.Contains("{{ offer.coupon_code }}", inactivity.Variants[0].Messages[Channel.Sms].Body);
        Assert.Equal(
            AudienceText.Of(new AllOf([
                new AnyOf([new DaysSinceLastPurchaseFilter(new NumberRange(30, 60)), new CyclesSinceLastPurchaseFilter(new NumberRange(1, null))]),
                new Not(new AnyOf([new PoolFilter([CustomerPool.Churned]), new TagsFilter(["complained", "do_not_disturb"])])),
            ])),
            AudienceText.Of(inactivity.Audience));
    }

    [Fact]
    public void Win_back_recalls_valuable_churned_customers_WeChat_then_SMS_then_a_call_for_the_most_valuable()
    {
        var winBack = Get("win-back");

        Assert.Equal(["wechat-day-0", "sms-day-3", "call-day-7"], winBack.Steps.Select(s => s.Name));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromDays(3), TimeSpan.FromDays(4)], winBack.Steps.Select(s => s.Wait));
        Assert.Equal([[Channel.WeChat], [Channel.Sms], [Channel.Call]], winBack.Steps.Select(s => s.Channels!.ToList()));
        Assert.Equal(AudienceText.Of(new RfmScoreFilter(RfmDimension.Monetary, new NumberRange(4, null))), AudienceText.Of(winBack.Steps[2].Only));
        Assert.Equal(new CampaignGoal(EventTypes.Purchase, TimeSpan.FromDays(30), ExitOnGoal: true), winBack.Goal);
        Assert.Equal(new StopRule(500, 1.0), winBack.StopRule);
        Assert.Equal(
            AudienceText.Of(new AllOf([
                new PoolFilter([CustomerPool.Churned]),
                new RfmScoreFilter(RfmDimension.Monetary, new NumberRange(3, null)),
                new PurchaseCountFilter(new NumberRange(2, null)),
                new Not(new TagsFilter(["complained", "refund_abuse", "do_not_disturb"])),
            ])),
            AudienceText.Of(winBack.Audience));
    }
}
