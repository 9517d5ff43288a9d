using Microsoft.Extensions.Options;
using Outreach.Campaigns.Rendering;
using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Limits.Timing;
using Outreach.Limits.Whitelists;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Pipeline;

/// <summary>
/// Decides, for a batch of customers of one campaign step, who is touched, how, and why not — in DESIGN.md's order:
/// consent and suppression → whitelist rules → experiment assignment → channel → quiet hours → caps → render.
/// The caps of the whole batch are checked and reserved in one limiter call.
/// </summary>
public sealed class TouchDecider(
    ITouchLimiter limiter,
    ISuppressionList suppressions,
    WhitelistService whitelists,
    QuietHours quietHours,
    MessageRenderer renderer,
    IOptions<GlobalHoldoutOptions>? globalHoldout = null)
{
    /// <summary>The ledger's id of a campaign step's touch for one customer; the limiter reserves under the same id.</summary>
    public static string TouchIdOf(Campaign campaign, string runId, CampaignStep step, string customerId) =>
        TouchKey.For(campaign.Id, runId, StepIndex(campaign, step), customerId);

    public static int StepIndex(Campaign campaign, CampaignStep step)
    {
        var steps = campaign.EffectiveSteps;
        var index = Enumerable.Range(0, steps.Count).FirstOrDefault(i => steps[i] == step, -1);
        return index >= 0 ? index : throw new ArgumentException($"Step '{step.Name}' is not a step of campaign {campaign.Id}.", nameof(step));
    }

    /// <summary>Decides a batch of customers of one run, each under its ledger touch id.</summary>
    public Task<IReadOnlyList<TouchDecision>> DecideAsync(
        Campaign campaign, CampaignStep step, string runId, IReadOnlyList<CustomerProfile> batch, DateTimeOffset now, bool dryRun,
        CancellationToken ct) =>
        DecideAsync(campaign, step, batch.Select(p => new TouchCandidate(TouchIdOf(campaign, runId, step, p.Customer.Id), p)).ToList(), now, dryRun, ct);

    public async Task<IReadOnlyList<TouchDecision>> DecideAsync(
        Campaign campaign, CampaignStep step, IReadOnlyList<TouchCandidate> batch, DateTimeOffset now, bool dryRun, CancellationToken ct)
    {
        var decisions = new TouchDecision[batch.Count];
        var pending = new List<(int Index, CampaignVariant Variant, TouchRequest Request)>();

        // The whole batch's suppressions are asked in one call and its whitelist look-ups are in flight together: with
        // Redis that is one round trip for the batch instead of one per customer and channel.
        var contacts = batch.Select(candidate => ContactsOf(campaign, step, candidate)).ToList();
        var suppressed = await suppressions.FindManyAsync(
            contacts.SelectMany((channels, i) => channels.Select(c => new SuppressionQuery(c.Channel, batch[i].Profile.Customer.Id, c.Address))).ToList(), ct);
        var checks = new Task<(TouchDecision?, CampaignVariant?, TouchRequest?)>[batch.Count];
        for (int i = 0, first = 0; i < batch.Count; first += contacts[i].Count, i++)
            checks[i] = BeforeCapsAsync(campaign, step, batch[i], contacts[i], suppressed.Skip(first).Take(contacts[i].Count).ToList(), now, ct);
        var early = await Task.WhenAll(checks);
        for (var i = 0; i < batch.Count; i++)
        {
            var (decision, variant, request) = early[i];
            if (decision is not null) decisions[i] = decision;
            else pending.Add((i, variant!, request!));
        }

        var answers = dryRun
            ? await Task.WhenAll(pending.Select(async p => (await limiter.ExplainAsync(p.Request, ct)).Decision))
            : await limiter.TryReserveManyAsync(pending.Select(p => p.Request).ToList(), ct);

        for (var k = 0; k < pending.Count; k++)
        {
            var (index, variant, request) = pending[k];
            decisions[index] = AfterCaps(campaign, variant, request, answers[k], batch[index], now, dryRun);
        }
        return decisions;
    }

    /// <summary>The channels a touch could use: the step's (or every variant's), not failed already, with an address and consent.</summary>
    private static List<(Channel Channel, string Address)> ContactsOf(Campaign campaign, CampaignStep step, TouchCandidate candidate)
    {
        var customer = candidate.Profile.Customer;
        var contacts = new List<(Channel, string)>();
        foreach (var channel in ChannelsOf(campaign, step).Where(c => !candidate.FailedOn.Contains(c)))
            if (ContactAddress.For(customer, channel) is { } address && HasConsent(campaign, customer, channel)) contacts.Add((channel, address));
        return contacts;
    }

    private async Task<(TouchDecision? Final, CampaignVariant? Variant, TouchRequest? Request)> BeforeCapsAsync(
        Campaign campaign, CampaignStep step, TouchCandidate candidate, List<(Channel Channel, string Address)> contacts,
        IReadOnlyList<Suppression?> suppressionsOfContacts, DateTimeOffset now, CancellationToken ct)
    {
        var (touchId, profile, expiresAt) = candidate;
        var customer = profile.Customer;
        TouchDecision Final(TouchOutcome outcome, string reason) => new(touchId, customer.Id, outcome, reason);

        // Consent and suppression first: a customer nobody may contact is recorded as such, whatever else applies.
        var reachable = new List<Channel>();
        string? suppressedBecause = null;
        for (var c = 0; c < contacts.Count; c++)
        {
            if (suppressionsOfContacts[c] is { } suppression)
                suppressedBecause ??= $"suppressed on {contacts[c].Channel.ToName()} ({suppression.Reason})";
            else reachable.Add(contacts[c].Channel);
        }
        if (reachable.Count == 0)
            return (suppressedBecause is not null
                ? Final(TouchOutcome.Suppressed, suppressedBecause)
                : Final(TouchOutcome.Unreachable, candidate.FailedOn.Count > 0
                    ? $"step '{step.Name}' has no other channel to fall back to"
                    : "no channel of the campaign has both a contact address and consent"), null, null);

        var probe = TouchRequest.For(campaign, touchId, customer.Id, reachable[0], ContactAddress.For(customer, reachable[0]));
        if ((await whitelists.EvaluateAsync(probe, ct)).NotAllowedBy is { } list)
            return (Final(TouchOutcome.NotAllowed, $"only customers on list '{list}' may be touched"), null, null);

        // The global holdout keeps a stable share of customers away from all marketing, to measure the whole programme.
        if (campaign.Category == CampaignCategory.Marketing && globalHoldout?.Value.Contains(customer.Id) == true)
            return (Final(TouchOutcome.HeldOut, GlobalHoldoutOptions.Reason), null, null);

        if (VariantAssigner.Assign(campaign, customer.Id) is not { } variant)
            return (Final(TouchOutcome.HeldOut, $"in the {campaign.HoldoutPercent}% holdout"), null, null);

        var order = step.Channels ?? variant.Channels;
        if (order.Where(reachable.Contains).Take(1).ToList() is not [var chosen])
            return (Final(TouchOutcome.Unreachable, $"variant '{variant.Name}' uses {string.Join(", ", order.Select(c => c.ToName()))}, none reachable")
                with { Variant = variant.Name }, null, null);

        var quiet = quietHours.Check(customer.TimeZone, chosen, now);
        if (!quiet.IsAllowed)
        {
            var next = quiet.NextAllowedAt!.Value;
            var blocked = Blocked(campaign, campaign.WhenBlocked.InQuietHours, next, now, expiresAt, "quiet hours in the customer's time zone");
            return (Final(blocked.Outcome, blocked.Reason) with { Variant = variant.Name, Channel = chosen, NotBefore = blocked.NotBefore }, null, null);
        }

        return (null, variant, TouchRequest.For(campaign, touchId, customer.Id, chosen, ContactAddress.For(customer, chosen)));
    }

    private TouchDecision AfterCaps(
        Campaign campaign, CampaignVariant variant, TouchRequest request, LimitDecision answer, TouchCandidate candidate, DateTimeOffset now, bool dryRun)
    {
        var decision = new TouchDecision(request.TouchId, request.CustomerId, TouchOutcome.Planned, answer.Reason)
        {
            Variant = variant.Name, Channel = request.Channel, Address = request.Address,
        };
        switch (answer.Outcome)
        {
            case LimitOutcome.Suppressed:
                return decision with { Outcome = TouchOutcome.Suppressed };
            case LimitOutcome.NotAllowed:
                return decision with { Outcome = TouchOutcome.NotAllowed };
            // AlreadyReserved: an earlier claim of this very touch reserved it and did not record a send (the ledger only
            // hands out touches not yet done); it goes on under that reservation, and the dispatcher asks the channel
            // whether it went out after all before sending.
            case LimitOutcome.Unavailable:
                return decision with { Outcome = TouchOutcome.Waiting, NotBefore = answer.NextEligibleAt };
            case LimitOutcome.Denied:
                var blocked = answer.NextEligibleAt is { } next
                    ? Blocked(campaign, campaign.WhenBlocked.WhenCapped, next, now, candidate.ExpiresAt, answer.Reason)
                    : (Outcome: TouchOutcome.Dropped, Reason: answer.Reason, NotBefore: (DateTimeOffset?)null);
                return decision with
                {
                    Outcome = blocked.Outcome == TouchOutcome.Deferred ? TouchOutcome.Capped : blocked.Outcome,
                    Reason = blocked.Reason, NotBefore = blocked.NotBefore, CapRule = answer.Rule?.ToString(),
                };
        }
        var message = renderer.Render(campaign, variant, request.Channel, candidate.Profile);
        return decision with { Message = message, Reason = dryRun ? "would be sent: " + answer.Reason : answer.Reason };
    }

    /// <summary>Defer to <paramref name="next"/>, unless the campaign drops blocked touches or the touch would be stale by then.</summary>
    private static (TouchOutcome Outcome, string Reason, DateTimeOffset? NotBefore) Blocked(
        Campaign campaign, BlockedAction action, DateTimeOffset next, DateTimeOffset now, DateTimeOffset? expiresAt, string why)
    {
        if (action == BlockedAction.Drop) return (TouchOutcome.Dropped, $"{why}; the campaign drops blocked touches", null);
        var expiry = expiresAt ?? (campaign.WhenBlocked.ExpiresAfter is { } after ? now + after : null);
        if (expiry is { } expires && next > expires)
            return (TouchOutcome.Dropped, $"{why}; next possible at {next:u}, after the touch expires at {expires:u}", null);
        return (TouchOutcome.Deferred, $"{why}; deferred to {next:u}", next);
    }

    /// <summary>Marketing needs an explicit opt-in; a transactional message only needs the customer not to have opted out.</summary>
    private static bool HasConsent(Campaign campaign, Customer customer, Channel channel) => campaign.Category == CampaignCategory.Transactional
        ? customer.ConsentFor(channel) != ConsentStatus.OptedOut
        : customer.ConsentFor(channel) == ConsentStatus.OptedIn;

    private static IEnumerable<Channel> ChannelsOf(Campaign campaign, CampaignStep step) =>
        step.Channels ?? campaign.Variants.SelectMany(v => v.Channels).Distinct();
}
