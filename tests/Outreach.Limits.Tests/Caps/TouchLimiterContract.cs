using Microsoft.Extensions.Time.Testing;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Limits.Suppression;
using Outreach.Limits.Whitelists;
using static Outreach.Limits.Tests.Support.Touches;

namespace Outreach.Limits.Tests.Caps;

/// <summary>
/// The behaviour every limiter has, on a controlled clock. Each flavour runs it against its own state
/// (the Redis one against the real test server).
/// </summary>
public abstract class TouchLimiterContract
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 3, 10, 0, 0, TimeSpan.Zero);

    /// <summary>What a test works with: the limiter, its lists and suppressions, and the clock.</summary>
    protected sealed record Sut(ITouchLimiter Limiter, WhitelistService Lists, ISuppressionList Suppressions, FakeTimeProvider Time, Func<ICustomerListStore> ReopenLists);

    /// <summary>A fresh limiter over fresh state, with these options.</summary>
    protected abstract Sut Create(LimitsOptions options, FakeTimeProvider time);

    private Sut Build(List<FrequencyCapRule>? rules = null, List<CustomerListRule>? lists = null) =>
        Create(new LimitsOptions { Rules = rules, Lists = lists ?? [] }, new FakeTimeProvider(Start));

    private static FrequencyCapRule Cap(int max, string per, Channel? channel = null, string? tag = null, SubjectKind key = SubjectKind.Customer,
        CampaignCategory category = CampaignCategory.Marketing, int reserved = 0, int forPriority = 8) =>
        new() { Max = max, Per = per, Channel = channel, Tag = tag, Key = key, Category = category, ReservedSlots = reserved, ReservedForPriority = forPriority };

    [Fact]
    public async Task A_daily_cap_denies_the_second_touch_until_a_full_day_has_passed()
    {
        var sut = Build([Cap(1, "1d")]);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);

        sut.Time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));
        var denied = await sut.Limiter.TryReserveAsync(Touch("c1"));
        Assert.Equal(LimitOutcome.Denied, denied.Outcome);
        Assert.Equal(Start.AddDays(1), denied.NextEligibleAt);

        sut.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);
    }

    [Fact]
    public async Task A_rolling_window_frees_one_slot_as_the_oldest_touch_leaves_it()
    {
        var sut = Build([Cap(3, "7d")]);
        foreach (var day in new[] { 0, 2, 4 })
        {
            sut.Time.SetUtcNow(Start.AddDays(day));
            Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);
        }

        sut.Time.SetUtcNow(Start.AddDays(6));
        var denied = await sut.Limiter.TryReserveAsync(Touch("c1"));
        Assert.Equal(LimitOutcome.Denied, denied.Outcome);
        Assert.Equal((3, 3), (denied.Count, denied.Limit));
        Assert.Equal(Start.AddDays(7), denied.NextEligibleAt);

        sut.Time.SetUtcNow(Start.AddDays(7));
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);
        sut.Time.SetUtcNow(Start.AddDays(8));
        Assert.Equal(LimitOutcome.Denied, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);
    }

    [Fact]
    public async Task A_cap_on_all_channels_counts_every_channel()
    {
        var sut = Build([Cap(2, "1d")]);
        Assert.True((await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms))).MayProceed);
        Assert.True((await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Email))).MayProceed);
        Assert.Equal(LimitOutcome.Denied, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.WeChat))).Outcome);
    }

    [Fact]
    public async Task A_channel_cap_counts_and_caps_only_its_channel()
    {
        var sut = Build([Cap(1, "30d", Channel.Call)]);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Call))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms))).Outcome);
        var denied = await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Call));
        Assert.Equal(LimitOutcome.Denied, denied.Outcome);
        Assert.Equal(Channel.Call, denied.Rule!.Channel);
        Assert.Equal(Start.AddDays(30), denied.NextEligibleAt);
    }

    [Fact]
    public async Task A_tag_cap_counts_only_campaigns_with_the_tag()
    {
        var sut = Build([Cap(1, "30d", tag: "coupon")]);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", tags: ["coupon"]))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", tags: ["news"]))).Outcome);
        var denied = await sut.Limiter.TryReserveAsync(Touch("c1", tags: ["Coupon", "news"]));
        Assert.Equal(LimitOutcome.Denied, denied.Outcome);
        Assert.Equal("coupon", denied.Rule!.Tag);
    }

    [Fact]
    public async Task A_category_cap_caps_transactional_touches_and_marketing_caps_do_not()
    {
        var sut = Build([Cap(1, "1d"), Cap(2, "1d", category: CampaignCategory.Transactional)]);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", category: CampaignCategory.Transactional))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", category: CampaignCategory.Transactional))).Outcome);
        var denied = await sut.Limiter.TryReserveAsync(Touch("c1", category: CampaignCategory.Transactional));
        Assert.Equal(LimitOutcome.Denied, denied.Outcome);
        Assert.Equal(CampaignCategory.Transactional, denied.Rule!.Category);
    }

    [Fact]
    public async Task Transactional_touches_are_exempt_from_marketing_caps_and_not_counted()
    {
        var sut = Build([Cap(1, "1d")]);
        for (var i = 0; i < 3; i++)
        {
            var decision = await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms, category: CampaignCategory.Transactional));
            Assert.Equal(LimitOutcome.Exempt, decision.Outcome);
            Assert.True(decision.MayProceed);
        }
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);
    }

    [Fact]
    public async Task An_address_cap_is_shared_by_customers_with_the_same_phone_number()
    {
        var sut = Build([Cap(1, "30d", Channel.Sms, key: SubjectKind.Address)]);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("alice", Channel.Sms, address: "+15550001111"))).Outcome);
        var household = await sut.Limiter.TryReserveAsync(Touch("bob", Channel.Sms, address: "+15550001111"));
        Assert.Equal(LimitOutcome.Denied, household.Outcome);
        Assert.Equal(SubjectKind.Address, household.Rule!.Key);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("bob", Channel.Sms, address: "+15550002222"))).Outcome);
    }

    [Fact]
    public async Task A_denial_by_the_address_leaves_the_customer_history_untouched()
    {
        var sut = Build([Cap(2, "1d"), Cap(1, "30d", Channel.Sms, key: SubjectKind.Address)]);
        Assert.True((await sut.Limiter.TryReserveAsync(Touch("alice", Channel.Sms, address: "+15550001111"))).MayProceed);
        Assert.Equal(LimitOutcome.Denied, (await sut.Limiter.TryReserveAsync(Touch("bob", Channel.Sms, address: "+15550001111"))).Outcome);

        var status = await sut.Limiter.ExplainAsync(Touch("bob", Channel.Email));
        Assert.Equal(0, Assert.Single(status.Rules).Count);
    }

    [Fact]
    public async Task Priority_headroom_keeps_the_last_weekly_slot_for_high_priority_campaigns()
    {
        var sut = Build([Cap(3, "7d", reserved: 1, forPriority: 8)]);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", priority: 3))).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", priority: 5))).Outcome);

        var blast = await sut.Limiter.TryReserveAsync(Touch("c1", priority: 7));
        Assert.Equal(LimitOutcome.Denied, blast.Outcome);
        Assert.Equal((2, 2), (blast.Count, blast.Limit));

        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", priority: 8))).Outcome);
        Assert.Equal(LimitOutcome.Denied, (await sut.Limiter.TryReserveAsync(Touch("c1", priority: 10))).Outcome);
    }

    [Fact]
    public async Task Retrying_the_same_touch_answers_already_reserved_and_counts_it_once()
    {
        var sut = Build([Cap(2, "1d")]);
        var touch = Touch("c1", id: "run-7:step-1:c1");
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(touch)).Outcome);
        Assert.Equal(LimitOutcome.AlreadyReserved, (await sut.Limiter.TryReserveAsync(touch)).Outcome);
        Assert.Equal(LimitOutcome.AlreadyReserved, (await sut.Limiter.TryReserveAsync(touch)).Outcome);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1"))).Outcome);
    }

    [Fact]
    public async Task Releasing_a_failed_touch_frees_its_slot()
    {
        var sut = Build([Cap(1, "1d"), Cap(1, "30d", Channel.Sms, key: SubjectKind.Address)]);
        var failed = Touch("c1", Channel.Sms, address: "+15550001111");
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(failed)).Outcome);
        Assert.Equal(LimitOutcome.Denied, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms, address: "+15550001111"))).Outcome);

        Assert.Equal(ReleaseResult.Released, await sut.Limiter.ReleaseAsync(failed));
        Assert.Equal(ReleaseResult.NotFound, await sut.Limiter.ReleaseAsync(failed));
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms, address: "+15550001111"))).Outcome);
    }

    [Fact]
    public async Task Explain_gives_each_rules_count_and_when_the_customer_is_next_eligible_without_reserving()
    {
        var sut = Build([Cap(1, "1d"), Cap(3, "7d"), Cap(1, "30d", Channel.Call)]);
        await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Call));
        sut.Time.Advance(TimeSpan.FromHours(2));

        var status = await sut.Limiter.ExplainAsync(Touch("c1", Channel.Call));
        Assert.Equal(LimitOutcome.Denied, status.Decision.Outcome);
        Assert.Equal("1 per 1d", status.Decision.Rule!.ToString());
        Assert.Equal([1, 1, 1], status.Rules.Select(rule => rule.Count));
        Assert.Equal([true, false, true], status.Rules.Select(rule => rule.IsFull));
        Assert.Equal(Start.AddDays(30), status.NextEligibleAt);

        var email = await sut.Limiter.ExplainAsync(Touch("c1", Channel.Email));
        Assert.Equal(Start.AddDays(1), email.NextEligibleAt);
        Assert.Equal(2, email.Rules.Count);
        Assert.Equal(LimitOutcome.Denied, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Email))).Outcome);
    }

    [Fact]
    public async Task Explain_says_now_for_an_eligible_customer()
    {
        var sut = Build([Cap(1, "1d")]);
        var status = await sut.Limiter.ExplainAsync(Touch("fresh"));
        Assert.Equal(LimitOutcome.Granted, status.Decision.Outcome);
        Assert.Equal(Start, status.NextEligibleAt);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("fresh"))).Outcome);
    }

    [Fact]
    public async Task The_batch_api_answers_every_request_in_order()
    {
        var sut = Build([Cap(1, "1d")]);
        var repeated = Touch("c2", id: "same");
        var decisions = await sut.Limiter.TryReserveManyAsync([Touch("c1"), repeated, Touch("c3"), Touch("c1"), repeated]);
        Assert.Equal(
            [LimitOutcome.Granted, LimitOutcome.Granted, LimitOutcome.Granted, LimitOutcome.Denied, LimitOutcome.AlreadyReserved],
            decisions.Select(decision => decision.Outcome));
    }

    [Fact]
    public async Task An_allow_only_list_lets_only_its_members_be_touched_by_the_campaigns_it_names()
    {
        var sut = Build([Cap(5, "1d")], [new() { List = "staff", Effect = "allow_only", Tags = ["staff-test"] }]);
        await sut.Lists.AddAsync("staff", ["alice"]);

        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("alice", tags: ["staff-test"]))).Outcome);
        var outsider = await sut.Limiter.TryReserveAsync(Touch("bob", tags: ["staff-test"]));
        Assert.Equal(LimitOutcome.NotAllowed, outsider.Outcome);
        Assert.Equal("staff", outsider.List);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("bob", tags: ["renewal"]))).Outcome);

        await sut.Lists.RemoveAsync("staff", ["alice"]);
        Assert.Equal(LimitOutcome.NotAllowed, (await sut.Limiter.TryReserveAsync(Touch("alice", tags: ["staff-test"]))).Outcome);
    }

    [Fact]
    public async Task An_exempt_list_lets_its_members_past_the_caps_without_counting()
    {
        var sut = Build([Cap(1, "1d")], [new() { List = "friends", Effect = "exempt" }]);
        await sut.Lists.AddAsync("friends", ["vip-1"]);
        for (var i = 0; i < 3; i++)
        {
            var decision = await sut.Limiter.TryReserveAsync(Touch("vip-1"));
            Assert.Equal(LimitOutcome.Exempt, decision.Outcome);
            Assert.Equal("friends", decision.List);
        }
        await sut.Lists.RemoveAsync("friends", ["vip-1"]);
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("vip-1"))).Outcome);
    }

    [Fact]
    public async Task A_caps_list_gives_its_members_their_own_caps_instead_of_the_general_ones()
    {
        var sut = Build([Cap(1, "1d"), Cap(1, "30d", Channel.Sms, key: SubjectKind.Address)],
            [new() { List = "vip", Effect = "caps", Caps = [Cap(1, "30d")] }]);
        await sut.Lists.AddAsync("vip", ["v1"]);

        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("v1"))).Outcome);
        sut.Time.Advance(TimeSpan.FromDays(2));
        var denied = await sut.Limiter.TryReserveAsync(Touch("v1"));
        Assert.Equal(LimitOutcome.Denied, denied.Outcome);
        Assert.Equal("1 per 30d", denied.Rule!.ToString());
        Assert.Equal(Start.AddDays(30), denied.NextEligibleAt);

        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c2"))).Outcome);
        sut.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(LimitOutcome.Granted, (await sut.Limiter.TryReserveAsync(Touch("c2"))).Outcome);
    }

    [Fact]
    public async Task Customer_lists_survive_a_restart()
    {
        var sut = Build([Cap(1, "1d")], [new() { List = "staff", Effect = "allow_only" }]);
        await sut.Lists.AddAsync("staff", ["alice", "bob"]);
        await sut.Lists.RemoveAsync("staff", ["bob"]);

        var reopened = sut.ReopenLists();
        Assert.Equal(["alice"], (await reopened.MembersAsync("staff")).Order());
        Assert.Contains("staff", await reopened.ListNamesAsync());
    }

    [Fact]
    public async Task Suppression_wins_over_exempt_lists_transactional_touches_and_free_caps()
    {
        var sut = Build([Cap(5, "1d")], [new() { List = "friends", Effect = "exempt" }]);
        await sut.Lists.AddAsync("friends", ["c1"]);
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfCustomer(Channel.Sms, "c1", SuppressionReason.OptOut));

        var exemptButOptedOut = await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms));
        Assert.Equal(LimitOutcome.Suppressed, exemptButOptedOut.Outcome);
        Assert.Equal(SuppressionReason.OptOut, exemptButOptedOut.Suppression);
        Assert.Equal(LimitOutcome.Suppressed, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms, category: CampaignCategory.Transactional))).Outcome);
        Assert.Equal(LimitOutcome.Exempt, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Email))).Outcome);

        await sut.Suppressions.AddAsync(Suppression.Suppression.OfAddress(Channel.Sms, "+15550009999", SuppressionReason.InvalidContact));
        var invalid = await sut.Limiter.TryReserveAsync(Touch("c2", Channel.Sms, address: "+15550009999"));
        Assert.Equal((LimitOutcome.Suppressed, SuppressionReason.InvalidContact), (invalid.Outcome, invalid.Suppression));
        Assert.Equal(SuppressionReason.InvalidContact, (await sut.Suppressions.FindAsync(Channel.Sms, "c2", "+15550009999"))!.Reason);
        Assert.Equal(LimitOutcome.Suppressed, (await sut.Limiter.ExplainAsync(Touch("c2", Channel.Sms, address: "+15550009999"))).Decision.Outcome);

        Assert.True(await sut.Suppressions.RemoveAsync(Channel.Sms, SubjectKind.Customer, "c1"));
        Assert.Equal(LimitOutcome.Exempt, (await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms))).Outcome);
    }

    [Fact]
    public async Task Many_suppressions_are_found_at_once_in_the_order_asked_and_the_customer_before_the_address()
    {
        var sut = Build([Cap(5, "1d")]);
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfCustomer(Channel.Sms, "c1", SuppressionReason.OptOut));
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfAddress(Channel.Sms, "+15550001111", SuppressionReason.InvalidContact));
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfAddress(Channel.Email, "c3@example.com", SuppressionReason.Complaint));

        var found = await sut.Suppressions.FindManyAsync([
            new(Channel.Sms, "c1", "+15550001111"),     // both suppressed: the customer's entry answers
            new(Channel.Email, "c1", "c1@example.com"), // suppressed on SMS only
            new(Channel.Sms, "c2", "+15550001111"),     // the address
            new(Channel.Email, "c3", "c3@example.com"),
            new(Channel.WeChat, "c3", null),
        ]);

        Assert.Equal(5, found.Count);
        Assert.Equal((SubjectKind.Customer, "c1", SuppressionReason.OptOut), (found[0]!.Kind, found[0]!.Subject, found[0]!.Reason));
        Assert.Null(found[1]);
        Assert.Equal((SubjectKind.Address, "+15550001111", SuppressionReason.InvalidContact), (found[2]!.Kind, found[2]!.Subject, found[2]!.Reason));
        Assert.Equal((Channel.Email, SuppressionReason.Complaint), (found[3]!.Channel, found[3]!.Reason));
        Assert.Null(found[4]);
        Assert.Empty(await sut.Suppressions.FindManyAsync([]));
    }

    [Fact]
    public async Task The_suppression_list_is_listed_in_order_up_to_the_limit_asked()
    {
        var sut = Build([Cap(5, "1d")]);
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfAddress(Channel.Sms, "+15550001111", SuppressionReason.InvalidContact));
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfCustomer(Channel.Sms, "c2", SuppressionReason.OptOut));
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfCustomer(Channel.Email, "c1", SuppressionReason.Complaint));
        await sut.Suppressions.AddAsync(Suppression.Suppression.OfCustomer(Channel.Sms, "c1", SuppressionReason.OptOut));
        Assert.True(await sut.Suppressions.RemoveAsync(Channel.Sms, SubjectKind.Customer, "c2"));

        var all = await sut.Suppressions.ListAsync(10);

        Assert.Equal([
            Suppression.Suppression.OfCustomer(Channel.Sms, "c1", SuppressionReason.OptOut),
            Suppression.Suppression.OfAddress(Channel.Sms, "+15550001111", SuppressionReason.InvalidContact),
            Suppression.Suppression.OfCustomer(Channel.Email, "c1", SuppressionReason.Complaint),
        ], all); // by channel, customers before addresses, then subject; the removed entry is gone
        Assert.Equal(2, (await sut.Suppressions.ListAsync(2)).Count);
    }

    [Fact]
    public async Task The_default_rules_allow_one_touch_a_day_three_a_week_and_four_sms_a_month()
    {
        var sut = Create(new LimitsOptions(), new FakeTimeProvider(Start));
        var granted = new List<int>();
        for (var day = 0; day < 30; day++)
        {
            sut.Time.SetUtcNow(Start.AddDays(day));
            if ((await sut.Limiter.TryReserveAsync(Touch("c1", Channel.Sms, priority: 9))).Outcome == LimitOutcome.Granted) granted.Add(day);
        }
        Assert.Equal([0, 1, 2, 7], granted);
    }
}
