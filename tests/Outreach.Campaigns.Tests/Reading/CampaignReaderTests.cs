using Outreach.Campaigns.Tests.Support;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;

namespace Outreach.Campaigns.Tests.Reading;

/// <summary>The campaign's own settings: identity, kind, when it runs, and what happens when touches are blocked.</summary>
public class CampaignReaderTests
{
    [Fact]
    public void A_minimal_campaign_gets_sensible_defaults()
    {
        var campaign = Yaml.Valid("""
            id: hello
            name: Hello
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages:
                  sms: Hello
            """);

        Assert.Equal(CampaignCategory.Marketing, campaign.Category);
        Assert.Equal("UTC", campaign.TimeZone);
        Assert.Equal(5, campaign.Priority);
        Assert.Equal(0, campaign.HoldoutPercent);
        Assert.Same(AudienceFilter.Everyone, campaign.Audience);
        Assert.Equal(BlockedPolicy.Default, campaign.WhenBlocked);
        Assert.Null(campaign.Goal);
        Assert.Null(campaign.StopRule);
        Assert.Empty(campaign.Steps);
        Assert.Equal(100, Assert.Single(campaign.Variants).Weight);
    }

    [Fact]
    public void Every_setting_is_read_into_the_campaign()
    {
        var campaign = Yaml.Valid("""
            id: full-campaign
            name: Full
            description: All settings
            category: transactional
            tags: [a, b]
            timezone: Europe/Berlin
            priority: 9
            trigger: { event: membership_expiring, delay: 1d12h }
            holdout: 12.5
            offer: { amount: 20, rate: 0.15, code: SAVE20, active: true, label: "20" }
            variants:
              - name: only
                messages: { sms: Hi }
            when_blocked: { capped: drop, quiet_hours: defer, expires_after: never }
            goal: { event: purchase, window: 14d, exit_on_goal: false }
            stop_rule: { after_touches: 200, min_roi: 0.5 }
            """);

        Assert.Equal("All settings", campaign.Description);
        Assert.Equal(CampaignCategory.Transactional, campaign.Category);
        Assert.Equal(["a", "b"], campaign.Tags);
        Assert.Equal("Europe/Berlin", campaign.TimeZone);
        Assert.Equal(9, campaign.Priority);
        Assert.Equal(new EventTrigger("membership_expiring", TimeSpan.FromHours(36)), campaign.Trigger);
        Assert.Null(campaign.Schedule);
        Assert.Equal(12.5, campaign.HoldoutPercent);
        Assert.Equal(new BlockedPolicy(BlockedAction.Drop, BlockedAction.Defer, null), campaign.WhenBlocked);
        Assert.Equal(new CampaignGoal("purchase", TimeSpan.FromDays(14), ExitOnGoal: false), campaign.Goal);
        Assert.Equal(new StopRule(200, 0.5), campaign.StopRule);
    }

    [Fact]
    public void Offer_values_keep_their_type_so_templates_can_compute_with_them_and_amounts_are_decimals()
    {
        var offer = Yaml.Valid("""
            id: offer
            name: Offer
            schedule: "0 0 10 * * ?"
            offer: { amount: 20, rate: 0.15, code: SAVE20, active: true, label: "20" }
            variants:
              - name: only
                messages: { sms: Hi }
            """).Offer;

        Assert.Equal(20L, offer["amount"]);
        Assert.Equal(0.15m, offer["rate"]);
        Assert.Equal("SAVE20", offer["code"]);
        Assert.Equal(true, offer["active"]);
        Assert.Equal("20", offer["label"]);
    }

    [Fact]
    public void An_unknown_key_is_rejected_with_the_key_it_probably_meant()
    {
        var problems = Yaml.Problems("""
            id: hello
            name: Hello
            shedule: "0 0 10 * * ?"
            trigger: { event: purchase }
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Equal(["test.yaml:3:1: Unknown key 'shedule' in the campaign; did you mean 'schedule'?"], problems);
    }

    [Fact]
    public void A_key_written_at_the_wrong_level_is_rejected_with_where_it_belongs()
    {
        var problems = Yaml.Problems("""
            id: hello
            name: Hello
            delay: 3d
            trigger: { event: purchase }
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Equal(["test.yaml:3:1: Unknown key 'delay' in the campaign; it belongs under 'trigger'."], problems);
    }

    [Fact]
    public void A_key_unlike_any_other_is_rejected_with_the_keys_that_are_allowed()
    {
        var problem = Yaml.Problem("""
            id: hello
            name: Hello
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages: { sms: Hi }
            goal: { event: purchase, xyz: 1 }
            """);

        Assert.Equal("test.yaml:7:26: Unknown key 'xyz' in the goal; use one of event, window, exit_on_goal.", problem);
    }

    [Fact]
    public void A_priority_that_is_not_a_whole_number_from_0_to_10_is_rejected()
    {
        const string template = """
            id: hello
            name: Hello
            priority: {0}
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages: { sms: Hi }
            """;

        Assert.Equal("test.yaml:3:11: priority must be a whole number from 0 to 10, not 'high'.", Yaml.Problem(template.Replace("{0}", "high")));
        Assert.Equal("test.yaml:3:11: priority must be a whole number from 0 to 10, not '11'.", Yaml.Problem(template.Replace("{0}", "11")));
        Assert.Equal("test.yaml:3:11: priority must be a whole number from 0 to 10, not '7.5'.", Yaml.Problem(template.Replace("{0}", "7.5")));
        Assert.Equal("test.yaml:3:11: priority must be a whole number from 0 to 10, not the quoted text '8'. Write the number without quotes.", Yaml.Problem(template.Replace("{0}", "\"8\"")));
    }

    [Fact]
    public void An_id_with_other_than_lowercase_letters_digits_and_dashes_is_rejected_with_a_usable_one()
    {
        var problem = Yaml.Problem("""
            id: Renewal_Reminder 2
            name: Hello
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Equal("test.yaml:1:5: The id 'Renewal_Reminder 2' may only use lowercase letters, digits and dashes, such as 'renewal-reminder-2'.", problem);
    }

    [Fact]
    public void Missing_required_keys_are_all_reported_at_the_start_of_the_campaign()
    {
        var problems = Yaml.Problems("""
            # a comment before the campaign
            description: nothing else
            """);

        Assert.Equal(
        [
            "test.yaml:2:1: The campaign needs an id: lowercase letters, digits and dashes, such as renewal-reminder.",
            "test.yaml:2:1: The campaign needs a name: the title people see in reports.",
            "test.yaml:2:1: Say when the campaign runs: a schedule (a Quartz cron such as \"0 0 10 * * ?\") or a trigger (an event such as membership_expired).",
            "test.yaml:2:1: The campaign needs variants: at least one, with the message to send on each channel.",
        ], problems);
    }

    [Fact]
    public void A_campaign_with_both_a_schedule_and_a_trigger_is_rejected_at_the_second_one()
    {
        var problem = Yaml.Problem("""
            id: hello
            name: Hello
            trigger: { event: purchase }
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Equal("test.yaml:4:1: A campaign runs either on a schedule or on a trigger, not both; remove one of them.", problem);
    }

    [Fact]
    public void A_unix_crontab_schedule_is_rejected_with_the_quartz_form_it_needs()
    {
        var problem = Yaml.Problem("""
            id: hello
            name: Hello
            schedule: "0 10 * * *"
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.StartsWith("test.yaml:3:11: '0 10 * * *' has 5 fields like a Unix crontab, but Quartz cron starts with seconds. Did you mean \"0 0 10 * * *\"? A schedule is a Quartz cron expression with seconds first: second minute hour day-of-month month day-of-week [year], e.g. \"0 0 10 * * ?\"", problem);
    }

    [Fact]
    public void An_invalid_cron_schedule_is_rejected_with_the_reason_and_the_format()
    {
        var problem = Yaml.Problem("""
            id: hello
            name: Hello
            schedule: 0 0 25 * * ?
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.StartsWith("test.yaml:3:11: '0 0 25 * * ?' is not a valid schedule: hour values must be between 0 and 23. A schedule is a Quartz cron expression with seconds first", problem);
    }

    [Fact]
    public void An_unknown_time_zone_is_rejected_with_the_closest_IANA_name()
    {
        var problem = Yaml.Problem("""
            id: hello
            name: Hello
            timezone: Asia/Shangai
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Equal("test.yaml:3:11: 'Asia/Shangai' is not a known time zone; write an IANA name such as Asia/Shanghai, Europe/London or UTC. Did you mean 'Asia/Shanghai'?", problem);
    }

    [Theory]
    [InlineData("60", "test.yaml:3:10: holdout must be a percentage from 0 to 50, not '60'.")]
    [InlineData("-1", "test.yaml:3:10: holdout must be a percentage from 0 to 50, not '-1'.")]
    [InlineData("10%", "test.yaml:3:10: holdout must be a percentage from 0 to 50, not '10%'. Write the number without %.")]
    public void A_holdout_outside_0_to_50_percent_is_rejected(string holdout, string expected)
    {
        var problem = Yaml.Problem($$"""
            id: hello
            name: Hello
            holdout: {{holdout}}
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Bad_durations_are_rejected_with_how_to_write_one()
    {
        var problems = Yaml.Problems("""
            id: hello
            name: Hello
            trigger: { event: membership_expired, delay: 3 }
            variants:
              - name: only
                messages: { sms: Hi }
            goal: { event: purchase, window: two weeks }
            """);

        Assert.Equal(
        [
            "test.yaml:3:46: delay must be a duration such as 3d, 12h or 30m (w weeks, d days, h hours, m minutes, s seconds; combine them as in 1d12h), not '3'. Add a unit: 3d is 3 days, 3h is 3 hours.",
            "test.yaml:7:34: window must be a duration such as 3d, 12h or 30m (w weeks, d days, h hours, m minutes, s seconds; combine them as in 1d12h), not 'two weeks'.",
        ], problems);
    }

    [Fact]
    public void Wrong_words_and_types_in_the_other_settings_are_each_reported()
    {
        var problems = Yaml.Problems("""
            id: hello
            name: Hello
            category: promo
            tags: vip
            trigger: { event: membership expired }
            variants:
              - name: only
                messages: { sms: Hi }
            when_blocked: { capped: wait, quiet_hours: drop, expires_after: soon }
            goal: { window: 7d, exit_on_goal: yes }
            stop_rule: { after_touches: 0 }
            """);

        Assert.Equal(
        [
            "test.yaml:3:11: 'promo' is not a category; use marketing or transactional.",
            "test.yaml:4:7: tags must be a list, e.g. [renewal, membership], not 'vip'.",
            "test.yaml:5:19: The event 'membership expired' must be one word, such as membership_expired.",
            "test.yaml:9:25: 'wait' is not an action; use defer or drop.",
            "test.yaml:9:65: expires_after must be a duration such as 3d, 12h or 30m (w weeks, d days, h hours, m minutes, s seconds; combine them as in 1d12h), not 'soon'.",
            "test.yaml:10:1: The goal needs an event: what counts as success, such as purchase.",
            "test.yaml:10:35: exit_on_goal must be true or false, not 'yes'.",
            "test.yaml:11:1: The stop rule needs min_roi: the ROI below which the campaign stops, such as 0.5.",
            "test.yaml:11:29: after_touches must be a whole number of touches, 1 or more, not '0'.",
        ], problems);
    }

    [Fact]
    public void Offer_names_must_be_usable_in_templates_and_values_single()
    {
        var problems = Yaml.Problems("""
            id: hello
            name: Hello
            schedule: "0 0 10 * * ?"
            offer:
              coupon code: SAVE
              tiers: [1, 2]
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Equal(
        [
            "test.yaml:5:3: The offer value 'coupon code' is used in messages as {{ offer.coupon code }}, so its name must be one word of letters, digits and underscores, such as coupon_code.",
            "test.yaml:6:10: The offer value tiers must be a single value such as 20 or COMEBACK20, not a list.",
        ], problems);
    }
}
