using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Channels;
using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Engine.Pipeline;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Storage;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Dispatch;

/// <summary>
/// Drains the touch queue: claims a batch of due touches under a lease, decides them in the design's decision order, sends
/// what may go, plans each customer's next sequence step and records every outcome. Any number of dispatchers on any
/// number of nodes share the queue; a touch is only ever held by one of them.
/// </summary>
/// <remarks>
/// Crash safety: a touch is recorded after it was sent, so a node dying in between leaves it Reserved; when the lease
/// runs out another claim takes it, and before sending again asks the channel whether it went out (<see cref="ISentLookup"/>).
/// The cap reservation is made under the touch id, so the second attempt finds its own reservation instead of a second slot.
/// </remarks>
public sealed class TouchDispatcher(
    ITouchLedger ledger,
    IRunStore runs,
    ICustomerStore store,
    ICampaignSource campaigns,
    TouchDecider decider,
    ITouchLimiter limiter,
    ISuppressionList suppressions,
    ChannelSenders senders,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<TouchDispatcher> logger)
{
    /// <summary>Raised after every batch that claimed touches, whoever asked (the dispatch loop, a run, a trigger); for metrics.</summary>
    public event Action<DispatchReport>? Dispatched;

    /// <summary>Claims and works one batch of due touches, of one run when <paramref name="scope"/> is given.</summary>
    public async Task<DispatchReport> DispatchOnceAsync((string CampaignId, string RunId)? scope = null, CancellationToken ct = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var claimed = scope is var (campaignId, runId)
            ? await ledger.ClaimDueAsync(now, settings.BatchSize, settings.Lease, campaignId, runId, ct)
            : await ledger.ClaimDueAsync(now, settings.BatchSize, settings.Lease, ct);
        return claimed.Count == 0 ? DispatchReport.Empty : await WorkAsync(claimed, known: null, now, ct);
    }

    /// <summary>
    /// Works touches the caller claimed itself as it planned them (<see cref="ITouchLedger.PlanClaimedAsync"/>), with
    /// the customers' profiles it has just read, so neither a claim nor a second profile read is needed.
    /// </summary>
    public Task<DispatchReport> DispatchClaimedAsync(
        IReadOnlyList<TouchRecord> claimed, IReadOnlyDictionary<string, CustomerProfile> profiles, CancellationToken ct = default) =>
        claimed.Count == 0 ? Task.FromResult(DispatchReport.Empty) : WorkAsync(claimed, profiles, time.GetUtcNow(), ct);

    private async Task<DispatchReport> WorkAsync(
        IReadOnlyList<TouchRecord> claimed, IReadOnlyDictionary<string, CustomerProfile>? known, DateTimeOffset now, CancellationToken ct)
    {
        // A run paused or cancelled while a node held its touches (or died holding them) sends none of them.
        var held = await RunStatesAsync(claimed, ct);
        var done = new List<Done>(claimed.Count);
        var work = new List<TouchRecord>(claimed.Count);
        foreach (var touch in claimed)
        {
            switch (held[(touch.CampaignId, touch.RunId)])
            {
                case RunState.Paused: done.Add(Finish(touch, TouchStatus.Paused, "the run is paused", dueAt: now)); break;
                case RunState.Cancelled: done.Add(Finish(touch, TouchStatus.Cancelled, "the run was cancelled")); break;
                default: work.Add(touch); break;
            }
        }

        var profiles = await ProfilesAsync(work, known, now, ct);
        foreach (var group in work.GroupBy(t => (t.CampaignId, t.Step)))
            done.AddRange(await WorkStepAsync(group.Key.CampaignId, group.Key.Step, group.ToList(), profiles, now, ct));

        // A pause or cancel given while this batch was being worked on holds for what is still to be sent: read the
        // states again and hold those touches instead of recording them as due later.
        var states = await RunStatesAsync(work, ct);
        for (var i = 0; i < done.Count; i++)
        {
            var (touch, completion, _) = done[i];
            if (!TouchStatuses.IsPending(completion.Status)) continue;
            switch (states.GetValueOrDefault((touch.CampaignId, touch.RunId)))
            {
                case RunState.Paused:
                    done[i] = done[i] with { Completion = completion with { Status = TouchStatus.Paused, Reason = $"the run is paused ({completion.Reason})" } };
                    break;
                case RunState.Cancelled:
                    await ReleaseAsync(touch, completion, ct);
                    done[i] = done[i] with { Completion = completion with { Status = TouchStatus.Cancelled, Reason = $"the run was cancelled ({completion.Reason})" }, Continues = false };
                    break;
            }
        }

        // The next steps are planned before this batch is recorded: if the node dies in between, the batch is claimed
        // again and planning the same next steps again changes nothing.
        await ledger.PlanAsync(NextSteps(done, states), ct);
        var recorded = await ledger.CompleteManyAsync(done.Select(d => d.Completion).ToList(), ct);
        if (recorded < done.Count)
            logger.LogWarning("{Lost} of {Count} touches were taken over by another node before they were recorded (the lease ran out)", done.Count - recorded, done.Count);
        var report = new DispatchReport(claimed.Count, done.CountBy(d => d.Completion.Status).ToDictionary()) { Completions = [.. done.Select(d => d.Completion)] };
        Dispatched?.Invoke(report);
        return report;
    }

    /// <summary>The profiles of the touches' customers: those the caller <paramref name="known"/>, the others read now.</summary>
    private async Task<IReadOnlyDictionary<string, CustomerProfile>> ProfilesAsync(
        IReadOnlyList<TouchRecord> touches, IReadOnlyDictionary<string, CustomerProfile>? known, DateTimeOffset now, CancellationToken ct)
    {
        var missing = touches.Select(t => t.CustomerId).Where(id => known?.ContainsKey(id) != true).Distinct().ToList();
        if (missing.Count == 0 && known is not null) return known;
        var profiles = known is null ? new Dictionary<string, CustomerProfile>(StringComparer.Ordinal) : new Dictionary<string, CustomerProfile>(known, StringComparer.Ordinal);
        foreach (var profile in await store.GetProfilesAsync(missing, now, ct)) profiles[profile.Customer.Id] = profile;
        return profiles;
    }

    /// <summary>The stored state of every run the touches belong to (a run never registered counts as running).</summary>
    private async Task<Dictionary<(string, string), RunState>> RunStatesAsync(IEnumerable<TouchRecord> touches, CancellationToken ct)
    {
        var states = new Dictionary<(string, string), RunState>();
        foreach (var key in touches.Select(t => (t.CampaignId, t.RunId)).Distinct())
            states[key] = (await runs.GetRunAsync(key.CampaignId, key.RunId, ct))?.State ?? RunState.Running;
        return states;
    }

    /// <summary>Gives back a cap reservation the touch may hold (a transient failure keeps one for its retry).</summary>
    private async Task ReleaseAsync(TouchRecord touch, TouchCompletion completion, CancellationToken ct)
    {
        if (completion.Channel is not { } channel || !campaigns.TryGet(touch.CampaignId, out var campaign)) return;
        await limiter.ReleaseAsync(TouchRequest.For(campaign, touch.TouchId, touch.CustomerId, channel, null), ct);
    }

    private async Task<IReadOnlyList<Done>> WorkStepAsync(
        string campaignId, int stepIndex, IReadOnlyList<TouchRecord> touches, IReadOnlyDictionary<string, CustomerProfile> profiles,
        DateTimeOffset now, CancellationToken ct)
    {
        if (!campaigns.TryGet(campaignId, out var campaign))
            return touches.Select(t => Finish(t, TouchStatus.Dropped, $"campaign '{campaignId}' is no longer in the campaigns folder")).ToList();
        if (stepIndex >= campaign.EffectiveSteps.Count)
            return touches.Select(t => Finish(t, TouchStatus.Dropped, $"campaign '{campaignId}' no longer has a step {stepIndex + 1}")).ToList();
        var step = campaign.EffectiveSteps[stepIndex];

        var done = new List<Done>(touches.Count);
        var goals = await GoalsReachedAsync(campaign, touches, ct);
        var candidates = new List<(TouchRecord Touch, TouchCandidate Candidate)>();
        foreach (var touch in touches)
        {
            if (!profiles.TryGetValue(touch.CustomerId, out var profile))
                done.Add(Finish(touch, TouchStatus.Dropped, "the customer no longer exists"));
            else if (touch.ExpiresAt is { } expires && now > expires)
                done.Add(Finish(touch, TouchStatus.Dropped, $"expired at {expires:u} before it could be sent") with { Continues = true });
            else if (goals.TryGetValue(touch.CustomerId, out var goal) && goal >= (touch.SequenceAt ?? touch.DueAt))
                done.Add(Finish(touch, TouchStatus.Exited, $"reached the goal '{campaign.Goal!.Event}' at {goal:u}; the sequence ends"));
            else if (stepIndex == 0 && !campaign.Audience.Matches(profile))
                done.Add(Finish(touch, TouchStatus.Skipped, "no longer in the campaign's audience"));
            else if (step.Only is { } only && !only.Matches(profile))
                done.Add(Finish(touch, TouchStatus.Skipped, $"step '{step.Name}' is only for some customers, not this one") with { Continues = true });
            else
                candidates.Add((touch, new TouchCandidate(touch.TouchId, profile, touch.ExpiresAt)));
        }
        if (candidates.Count == 0) return done;

        var decisions = (await decider.DecideAsync(campaign, step, candidates.Select(c => c.Candidate).ToList(), now, dryRun: false, ct)).ToArray();
        var toSend = Enumerable.Range(0, decisions.Length).Where(i => decisions[i].Outcome == TouchOutcome.Planned);
        await Parallel.ForEachAsync(toSend, new ParallelOptions { MaxDegreeOfParallelism = options.Value.SendConcurrency, CancellationToken = ct },
            async (i, token) => decisions[i] = await SendWithFallbackAsync(campaign, step, candidates[i].Touch, candidates[i].Candidate, decisions[i], now, token));
        for (var i = 0; i < decisions.Length; i++)
        {
            var touch = candidates[i].Touch;
            var decision = decisions[i];
            var status = TouchStatuses.Of(decision.Outcome);
            done.Add(new Done(touch, new TouchCompletion(touch.TouchId, touch.Attempts, status, decision.Reason, decision.Channel,
                decision.Variant, decision.ProviderId, decision.NotBefore), TouchStatuses.ContinuesSequence(status)));
        }
        return done;
    }

    /// <summary>When each customer of the batch last reached the campaign's goal since the earliest sequence start among them.</summary>
    private async Task<IReadOnlyDictionary<string, DateTimeOffset>> GoalsReachedAsync(Campaign campaign, IReadOnlyList<TouchRecord> touches, CancellationToken ct)
    {
        if (campaign.Goal is not { ExitOnGoal: true } goal) return new Dictionary<string, DateTimeOffset>();
        var since = touches.Min(t => t.SequenceAt ?? t.DueAt);
        var events = await store.FindEventsAsync(touches.Select(t => t.CustomerId).Distinct().ToList(), goal.Event, since, ct);
        return events.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.Max(e => e.OccurredAt), StringComparer.Ordinal);
    }

    /// <summary>
    /// Sends on the decided channel; when that channel fails for good, falls back to the variant's next reachable one as
    /// the same touch: the failed channel's cap reservation was released, so the caps count the touch once.
    /// </summary>
    private async Task<TouchDecision> SendWithFallbackAsync(
        Campaign campaign, CampaignStep step, TouchRecord touch, TouchCandidate candidate, TouchDecision decision, DateTimeOffset now, CancellationToken ct)
    {
        var failedOn = new HashSet<Channel>();
        while (true)
        {
            var sent = await SendAsync(campaign, touch, decision, ct);
            if (sent.Outcome != TouchOutcome.Failed) return sent;
            failedOn.Add(decision.Channel!.Value);
            var fallback = (await decider.DecideAsync(campaign, step, [candidate with { FailedOn = failedOn }], now, dryRun: false, ct))[0];
            // A fallback that may only go later (quiet hours, a full cap that defers) goes later: the touch waits for it
            // instead of failing. Its next claim decides again; a channel that failed for good was suppressed meanwhile.
            if (fallback.Outcome is TouchOutcome.Deferred or TouchOutcome.Capped or TouchOutcome.Waiting)
                return fallback with { Reason = $"{fallback.Reason} (falls back from {decision.Channel!.Value.ToName()}: {sent.Reason})" };
            if (fallback.Outcome != TouchOutcome.Planned)
                return sent with { Reason = $"{sent.Reason}; no fallback: {fallback.Reason}" };
            logger.LogInformation("Touch {TouchId} falls back from {Failed} to {Channel}", touch.TouchId, decision.Channel, fallback.Channel);
            decision = fallback;
        }
    }

    private async Task<TouchDecision> SendAsync(Campaign campaign, TouchRecord touch, TouchDecision decision, CancellationToken ct)
    {
        var channel = decision.Channel!.Value;
        if (!senders.TryGet(channel, out var sender))
            return await FailAsync(campaign, decision, new DeliveryResult.PermanentFailure($"no sender is configured for {channel.ToName()}"), ct);

        var message = decision.Message!;
        var outbound = new OutboundMessage(decision.TouchId, campaign.Id, decision.CustomerId, channel, decision.Address!, message.Body)
        {
            Subject = message.Subject, Html = message.Html, TemplateId = message.TemplateId,
            Voice = message.Voice, Language = message.Language, Variant = decision.Variant,
            // A claimed touch's due time is the end of its lease: after it another node may take the touch over, so a send
            // still waiting for its channel's rate then must not go; a quarter of the lease is kept for the send and its record.
            NotAfter = touch.Status == TouchStatus.Reserved ? touch.DueAt - options.Value.Lease / 4 : null,
        };

        // Claimed before and not recorded: the earlier attempt may have sent it just before its node died. A provider
        // that cannot tell answers a transient failure, so the touch waits like a busy provider's instead of going twice.
        var earlier = touch.Attempts > 1 && sender is ISentLookup lookup ? await lookup.FindSentAsync(outbound, ct) : null;
        if (earlier is DeliveryResult.Sent found)
            return decision with { Outcome = TouchOutcome.Sent, ProviderId = found.ProviderId, Reason = "sent by an earlier attempt; not sent again" };

        return (earlier ?? await sender.SendAsync(outbound, ct)) switch
        {
            DeliveryResult.Sent sent => decision with { Outcome = TouchOutcome.Sent, ProviderId = sent.ProviderId, Reason = "sent" },
            DeliveryResult.PermanentFailure failure => await FailAsync(campaign, decision, failure, ct),
            // Out of attempts: the provider is given up on for this touch, which falls back like on a permanent failure.
            DeliveryResult.TransientFailure transient when touch.Attempts >= options.Value.TransientAttempts => await FailAsync(campaign, decision,
                new DeliveryResult.PermanentFailure($"provider still busy after {touch.Attempts} attempt(s): {transient.Reason}"), ct),
            // The reservation is kept: the retry is the same touch and finds it (AlreadyReserved), not a second slot.
            DeliveryResult.TransientFailure transient => decision with
            {
                Outcome = TouchOutcome.Waiting, Reason = "provider busy: " + transient.Reason,
                NotBefore = time.GetUtcNow() + (transient.RetryAfter ?? TimeSpan.FromMinutes(1)),
            },
            // Nothing left and the provider is not at fault: the touch goes at its next claim, with the reservation it holds.
            DeliveryResult.NotSent notSent => decision with { Outcome = TouchOutcome.Waiting, Reason = notSent.Reason, NotBefore = time.GetUtcNow() },
            var other => throw new InvalidOperationException($"Unknown delivery result {other}."),
        };
    }

    /// <summary>
    /// Gives the cap reservation back, and when the provider says the address must not be used again (an opt-out, an
    /// invalid number) suppresses it at once on that channel, so no campaign tries it again.
    /// </summary>
    private async Task<TouchDecision> FailAsync(Campaign campaign, TouchDecision decision, DeliveryResult.PermanentFailure failure, CancellationToken ct)
    {
        var channel = decision.Channel!.Value;
        var request = TouchRequest.For(campaign, decision.TouchId, decision.CustomerId, channel, decision.Address);
        var released = await limiter.ReleaseAsync(request, ct);
        if (failure.Suppress && decision.Address is { } address)
            await suppressions.AddAsync(Suppression.OfAddress(channel, address,
                failure.OptedOut ? SuppressionReason.OptOut : SuppressionReason.InvalidContact), ct);
        logger.LogWarning("Touch {TouchId} failed ({Reason}); cap reservation {Released}", decision.TouchId, failure.Reason, released);
        return decision with { Outcome = TouchOutcome.Failed, Reason = failure.Reason };
    }

    /// <summary>The next step of every sequence that goes on, due its wait after now; none for a cancelled run.</summary>
    private IReadOnlyList<TouchRecord> NextSteps(IReadOnlyList<Done> done, IReadOnlyDictionary<(string, string), RunState> states)
    {
        var next = new List<TouchRecord>();
        var now = time.GetUtcNow();
        foreach (var (touch, completion, continues) in done)
        {
            if (!continues || !campaigns.TryGet(touch.CampaignId, out var campaign) || touch.Step + 1 >= campaign.EffectiveSteps.Count) continue;
            var state = states.GetValueOrDefault((touch.CampaignId, touch.RunId), RunState.Running);
            if (state == RunState.Cancelled) continue;

            var step = campaign.EffectiveSteps[touch.Step + 1];
            var due = now + step.Wait;
            next.Add(new TouchRecord(touch.CampaignId, touch.RunId, touch.Step + 1, touch.CustomerId)
            {
                Status = state == RunState.Paused ? TouchStatus.Paused : TouchStatus.Planned,
                Reason = $"step '{step.Name}', {Duration.Format(step.Wait)} after step '{campaign.EffectiveSteps[touch.Step].Name}' ({completion.Status.ToString().ToLowerInvariant()})",
                DueAt = due,
                ExpiresAt = due + campaign.WhenBlocked.ExpiresAfter,
                SequenceAt = touch.SequenceAt ?? touch.DueAt,
            });
        }
        return next;
    }

    private static Done Finish(TouchRecord touch, TouchStatus status, string reason, DateTimeOffset? dueAt = null) =>
        new(touch, new TouchCompletion(touch.TouchId, touch.Attempts, status, reason, DueAt: dueAt), Continues: false);

    private sealed record Done(TouchRecord Touch, TouchCompletion Completion, bool Continues);
}

/// <summary>What one dispatch did: touches claimed, and how many ended in each status.</summary>
public sealed record DispatchReport(int Claimed, IReadOnlyDictionary<TouchStatus, int> ByStatus)
{
    public static readonly DispatchReport Empty = new(0, new Dictionary<TouchStatus, int>());

    /// <summary>What became of each claimed touch, as recorded (status, reason, channel).</summary>
    public IReadOnlyList<TouchCompletion> Completions { get; init; } = [];

    public int this[TouchStatus status] => ByStatus.TryGetValue(status, out var count) ? count : 0;
}
