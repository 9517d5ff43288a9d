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
/// Decides, for a batch of customers of one campaign step, who is touched, how, and why not — in the design's decision order:
/// consent and suppression → whitelist rules → experiment assignment → channel → quiet hours → caps → render.
/// The caps of the whole batch are checked and reserved in one limiter call, which checks the chosen channel's
/// suppressions too; the suppression list is asked directly only about touches that stop before their caps.
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
        var contacts = batch.Select(candidate => ContactsOf(campaign, step, candidate)).ToList();

        // First as if nobody were suppressed: the reservation checks the chosen channel's suppressions in its own atomic
        // step, so a touch that goes on to its caps needs no look-up of its own (in Redis a suppression look-up costs
        // about as much as the reservation). A touch that stops before its caps (holdout, whitelist, quiet hours) would
        // be recorded with the wrong reason if it is suppressed, so those are decided again knowing their suppressions.
        var pending = await UpToCapsAsync(campaign, step, batch, contacts, Enumerable.Range(0, batch.Count).ToList(), exact: false, decisions, now, ct);
        var stopped = Enumerable.Range(0, batch.Count).Where(i => decisions[i] is not null && contacts[i].Count > 0).ToList();
        pending.AddRange(await UpToCapsAsync(campaign, step, batch, contacts, stopped, exact: true, decisions, now, ct));
        var answers = await ReserveAsync(pending, dryRun, ct);

        // Suppressed on its chosen channel after all: decided again knowing every suppression of the customer, so it falls
        // back to a channel still open or is recorded as suppressed. So is a touch the limiter let through unchecked (a
        // transactional one while Redis is unreachable), which nobody has looked up yet.
        var recheck = Enumerable.Range(0, pending.Count)
            .Where(k => answers[k].Outcome is LimitOutcome.Suppressed || answers[k] is { Outcome: LimitOutcome.Exempt, Unchecked: true }).ToList();
        var exact = recheck.Count == 0 ? [] : await UpToCapsAsync(campaign, step, batch, contacts, recheck.Select(k => pending[k].Index).ToList(), exact: true, decisions, now, ct);
        var exactAnswers = await ReserveAsync(exact, dryRun, ct);

        var settled = recheck.ToHashSet();
        for (var k = 0; k < pending.Count; k++)
            if (!settled.Contains(k)) Settle(pending[k], answers[k]);
        for (var k = 0; k < exact.Count; k++) Settle(exact[k], exactAnswers[k]);
        return decisions;

        void Settle((int Index, CampaignVariant Variant, TouchRequest Request) touch, LimitDecision answer) =>
            decisions[touch.Index] = AfterCaps(campaign, touch.Variant, touch.Request, answer, batch[touch.Index], now, dryRun);
    }

    /// <summary>
    /// Takes the touches at <paramref name="indices"/> through the steps before the caps: those that stop there get their
    /// decision in <paramref name="decisions"/>, the others come back with the channel chosen and their request to reserve.
    /// <paramref name="exact"/> asks the suppression list about their channels first (one call for them all: with Redis, one
    /// round trip); otherwise every channel with an address and consent counts as reachable.
    /// </summary>
    private async Task<List<(int Index, CampaignVariant Variant, TouchRequest Request)>> UpToCapsAsync(
        Campaign campaign, CampaignStep step, IReadOnlyList<TouchCandidate> batch, IReadOnlyList<List<(Channel Channel, string Address)>> contacts,
        IReadOnlyList<int> indices, bool exact, TouchDecision[] decisions, DateTimeOffset now, CancellationToken ct)
    {
        var pending = new List<(int Index, CampaignVariant Variant, TouchRequest Request)>();
        if (indices.Count == 0) return pending;
        IReadOnlyList<Suppression?>? suppressed = exact
            ? await suppressions.FindManyAsync(indices.SelectMany(i => contacts[i].Select(c => new SuppressionQuery(c.Channel, batch[i].Profile.Customer.Id, c.Address))).ToList(), ct)
            : null;

        // The whitelist look-ups are in flight together: with Redis that is one round trip for the batch.
        var checks = new Task<(TouchDecision?, CampaignVariant?, TouchRequest?)>[indices.Count];
        for (int j = 0, first = 0; j < indices.Count; first += contacts[indices[j]].Count, j++)
        {
            var i = indices[j];
            IReadOnlyList<Suppression?> ofContacts = suppressed is null ? NobodySuppressed : suppressed.Skip(first).Take(contacts[i].Count).ToList();
            checks[j] = BeforeCapsAsync(campaign, step, batch[i], contacts[i], ofContacts, now, ct);
        }
        var early = await Task.WhenAll(checks);
        for (var j = 0; j < indices.Count; j++)
        {
            var (decision, variant, request) = early[j];
            decisions[indices[j]] = decision!;
            if (decision is null) pending.Add((indices[j], variant!, request!));
        }
        return pending;
    }

    /// <summary>No suppression for any of a touch's contacts (one per channel at most, so never more than there are channels).</summary>
    private static readonly Suppression?[] NobodySuppressed = new Suppression?[Enum.GetValues<Channel>().Length];

    /// <summary>Reserves the touches' caps in one limiter call (a dry run only asks what a reservation would answer).</summary>
    private async Task<IReadOnlyList<LimitDecision>> ReserveAsync(IReadOnlyList<(int Index, CampaignVariant Variant, TouchRequest Request)> pending, bool dryRun, CancellationToken ct)
    {
        if (pending.Count == 0) return [];
        return dryRun
            ? await Task.WhenAll(pending.Select(async p => (await limiter.ExplainAsync(p.Request, ct)).Decision))
            : await limiter.TryReserveManyAsync(pending.Select(p => p.Request).ToList(), ct);
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
