using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Engine.Results;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Tests.Results;

/// <summary>The attribution rule, one customer at a time: which arm, what went out at what cost, what converted.</summary>
public class CustomerOutcomeTests
{
    private static readonly DateTimeOffset T0 = EngineHarness.Now;
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);

    private static TouchRecord Touch(TouchStatus status, double atDays, string? variant = "trial", Channel? channel = Channel.Sms, string run = "r1", string? reason = null) =>
        new("renewal-reminder", run, 0, "c1") { Status = status, Variant = variant, Channel = channel, UpdatedAt = T0.AddDays(atDays), Reason = reason };

    private static CustomerEvent Renewal(double atDays, decimal? amount = 199m) =>
        new() { Id = $"e{atDays}", CustomerId = "c1", Type = EventTypes.MembershipRenewed, OccurredAt = T0.AddDays(atDays), Amount = amount };

    private static CustomerOutcome? Outcome(IReadOnlyList<TouchRecord> touches, params CustomerEvent[] goals) =>
        CustomerOutcome.Of(touches, goals, Window, t => t.Channel == Channel.Sms ? 0.05m : 0m);

    [Fact]
    public void A_goal_event_within_the_window_after_a_touch_converts_it_with_its_revenue()
    {
        var outcome = Outcome([Touch(TouchStatus.Sent, 0)], Renewal(13.9));

        Assert.Equal(new CustomerOutcome("trial", ArmKind.Variant, Touched: true, Delivered: false, Touches: 1, Cost: 0.05m, Converted: true, Revenue: 199m), outcome);
    }

    [Fact]
    public void A_goal_event_after_the_window_or_before_the_touch_does_not_count()
    {
        var outcome = Outcome([Touch(TouchStatus.Delivered, 0)], Renewal(-1), Renewal(14.1))!;

        Assert.False(outcome.Converted);
        Assert.Equal(0m, outcome.Revenue);
        Assert.True(outcome.Delivered);
    }

    [Fact]
    public void The_last_touch_of_the_campaign_before_the_event_is_the_one_the_window_counts_from()
    {
        // Touched in two runs 20 days apart: a renewal 30 days after the first touch is 10 days after the second.
        var outcome = Outcome([Touch(TouchStatus.Sent, 0), Touch(TouchStatus.Sent, 20, run: "r2")], Renewal(30))!;

        Assert.True(outcome.Converted);
        Assert.Equal(2, outcome.Touches);
        Assert.Equal(0.10m, outcome.Cost);
    }

    [Fact]
    public void A_held_out_customer_is_followed_from_their_holdout_record_and_costs_nothing()
    {
        var outcome = Outcome([Touch(TouchStatus.HeldOut, 0, variant: null, channel: null, reason: "in the 10% holdout")], Renewal(3, 99m));

        Assert.Equal(new CustomerOutcome(CustomerOutcome.HoldoutArm, ArmKind.Holdout, false, false, 0, 0m, true, 99m), outcome);
    }

    [Fact]
    public void The_global_holdout_is_an_arm_of_its_own()
    {
        var outcome = Outcome([Touch(TouchStatus.HeldOut, 0, variant: null, channel: null, reason: GlobalHoldoutOptions.Reason)])!;

        Assert.Equal((GlobalHoldoutOptions.ArmName, ArmKind.GlobalHoldout), (outcome.Arm, outcome.Kind));
    }

    [Fact]
    public void A_customer_assigned_a_variant_but_never_reached_still_counts_for_it_and_can_convert()
    {
        // Intention to treat: the capped-then-dropped customer is in the variant's denominator, like a held-out one in the holdout's.
        var outcome = Outcome([Touch(TouchStatus.Dropped, 0)], Renewal(2))!;

        Assert.Equal(("trial", false, true, 0m), (outcome.Arm, outcome.Touched, outcome.Converted, outcome.Cost));
    }

    [Theory]
    [InlineData(TouchStatus.Cancelled)]
    [InlineData(TouchStatus.Paused)]
    [InlineData(TouchStatus.Planned)]
    public void A_variant_touch_cancelled_paused_or_queued_again_after_its_decision_stays_in_its_arm(TouchStatus status)
    {
        // Deferred for the variant, then its run was cancelled or paused (or resumed): the customer was assigned, as a
        // held-out customer of the same run was, and the holdout keeps theirs whatever happens to the run.
        var outcome = Outcome([Touch(status, 0)], Renewal(2))!;

        Assert.Equal(("trial", ArmKind.Variant, false, true), (outcome.Arm, outcome.Kind, outcome.Touched, outcome.Converted));
    }

    [Fact]
    public void A_customer_never_decided_into_an_arm_is_not_in_the_results()
    {
        // Suppressed before assignment (no variant), or still waiting to be worked on.
        Assert.Null(Outcome([Touch(TouchStatus.Suppressed, 0, variant: null, channel: null), Touch(TouchStatus.Planned, 1, variant: null, channel: null)], Renewal(2)));
    }

    [Fact]
    public void Without_a_goal_nothing_converts()
    {
        var outcome = CustomerOutcome.Of([Touch(TouchStatus.Sent, 0)], [Renewal(1)], window: null, _ => 0.05m)!;

        Assert.False(outcome.Converted);
    }
}
