using Outreach.Campaigns.Tests.Support;
using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;

namespace Outreach.Campaigns.Tests.Reading;

/// <summary>Sequences: steps wait after the step before, use their own channels, and may be only for some customers.</summary>
public class StepReaderTests
{
    private static string WithSteps(string stepLines) => $$"""
        id: hello
        name: Hello
        schedule: "0 0 10 * * ?"
        variants:
          - name: a
            messages: { wechat: Hi, sms: Hi }
          - name: b
            messages: { wechat: Hi }
        steps:
        {{stepLines}}
        """;

    [Fact]
    public void Steps_are_read_with_their_waits_channels_and_audience()
    {
        var steps = Yaml.Valid(WithSteps("""
              - name: first
                channels: [wechat]
              - wait: 3d
                only: { rfm: { monetary: { min: 4 } } }
            """)).Steps;

        Assert.Equal("first", steps[0].Name);
        Assert.Equal(TimeSpan.Zero, steps[0].Wait);
        Assert.Equal([Channel.WeChat], steps[0].Channels);
        Assert.Null(steps[0].Only);
        Assert.Equal("step-2", steps[1].Name);
        Assert.Equal(TimeSpan.FromDays(3), steps[1].Wait);
        Assert.Null(steps[1].Channels);
        Assert.Equal(AudienceText.Of(new RfmScoreFilter(Outreach.Core.Customers.RfmDimension.Monetary, new NumberRange(4, null))), AudienceText.Of(steps[1].Only));
    }

    [Fact]
    public void A_step_channel_that_a_variant_has_no_message_for_is_rejected_at_the_channel()
    {
        var problem = Yaml.Problem(WithSteps("""
              - name: sms-day-3
                wait: 3d
                channels: [sms]
            """));

        Assert.Equal("test.yaml:12:16: Step 'sms-day-3' sends on sms, but variant 'b' has no sms message; add one under its messages.", problem);
    }

    [Fact]
    public void Bad_waits_duplicate_names_and_empty_only_blocks_are_rejected()
    {
        var problems = Yaml.Problems(WithSteps("""
              - name: one
                wait: 3 days
              - name: two
                only: {}
              - name: two
            """));

        Assert.Equal(
        [
            "test.yaml:11:11: wait must be a duration such as 3d, 12h or 30m (w weeks, d days, h hours, m minutes, s seconds; combine them as in 1d12h), not '3 days'.",
            "test.yaml:13:11: only is empty, so it would match every customer; add at least one condition.",
            "test.yaml:14:5: Another step is already called 'two'; give each step its own name.",
        ], problems);
    }

    [Fact]
    public void A_campaign_without_steps_runs_one_immediate_step_on_the_variant_channels()
    {
        var campaign = Yaml.Valid("""
            id: hello
            name: Hello
            schedule: "0 0 10 * * ?"
            variants:
              - name: a
                messages: { sms: Hi }
            """);

        Assert.Equal([CampaignStep.Immediate], campaign.EffectiveSteps);
    }
}
