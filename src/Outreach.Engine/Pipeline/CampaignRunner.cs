using Microsoft.Extensions.Logging;
using Outreach.Channels;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Limits;
using Outreach.Storage;

namespace Outreach.Engine.Pipeline;

/// <summary>
/// Decides a campaign's first step for its whole audience inline, without the touch queue: what <c>outreach run
/// --dry-run</c> shows (with <see cref="RunOptions.DryRun"/> nothing is reserved, sent or recorded). Real runs go through
/// <see cref="Runs.RunPlanner"/> and <see cref="Dispatch.TouchDispatcher"/>, which make them crash-safe and resumable;
/// a non-dry run here sends without recording, so only tests of the decision order use it.
/// </summary>
public sealed class CampaignRunner(
    ICustomerStore store,
    TouchDecider decider,
    ITouchLimiter limiter,
    ChannelSenders senders,
    TimeProvider time,
    ILogger<CampaignRunner> logger)
{
    public async Task<RunSummary> RunAsync(
        Campaign campaign, RunOptions options, Func<TouchDecision, ValueTask>? onDecision = null, RunCounters? counters = null,
        CancellationToken ct = default)
    {
        counters ??= new RunCounters();
        var startedAt = time.GetUtcNow();
        var step = campaign.EffectiveSteps[0];
        var audience = step.Only is { } only ? new AllOf([campaign.Audience, only]) : campaign.Audience;

        await foreach (var batch in store.StreamAudienceAsync(audience, startedAt, options.BatchSize, ct))
        {
            counters.CountAudience(batch.Count);
            var decisions = await decider.DecideAsync(campaign, step, options.RunId, batch, time.GetUtcNow(), options.DryRun, ct);
            foreach (var decision in decisions)
            {
                var final = decision.Outcome == TouchOutcome.Planned && !options.DryRun
                    ? await SendAsync(campaign, decision, ct)
                    : decision;
                counters.Count(final.Outcome);
                if (onDecision is not null) await onDecision(final);
            }
        }
        return new RunSummary(campaign, options.RunId, startedAt, time.GetUtcNow(), counters, options.DryRun);
    }

    private async Task<TouchDecision> SendAsync(Campaign campaign, TouchDecision decision, CancellationToken ct)
    {
        var channel = decision.Channel!.Value;
        if (!senders.TryGet(channel, out var sender))
            return await FailAsync(campaign, decision, $"no sender is configured for {channel}", ct);

        var message = decision.Message!;
        var outbound = new OutboundMessage(decision.TouchId, campaign.Id, decision.CustomerId, channel, decision.Address!, message.Body)
        {
            Subject = message.Subject, Html = message.Html, TemplateId = message.TemplateId,
            Voice = message.Voice, Language = message.Language, Variant = decision.Variant,
        };
        return await sender.SendAsync(outbound, ct) switch
        {
            DeliveryResult.Sent sent => decision with { Outcome = TouchOutcome.Sent, ProviderId = sent.ProviderId, Reason = "sent" },
            DeliveryResult.PermanentFailure failure => await FailAsync(campaign, decision, failure.Reason, ct),
            // Retrying with back-off belongs to the dispatcher's touch queue; here the touch waits with its reservation kept.
            DeliveryResult.TransientFailure transient => decision with
            {
                Outcome = TouchOutcome.Waiting, Reason = "provider busy: " + transient.Reason,
                NotBefore = time.GetUtcNow() + (transient.RetryAfter ?? TimeSpan.FromMinutes(1)),
            },
            var other => throw new InvalidOperationException($"Unknown delivery result {other}."),
        };
    }

    private async Task<TouchDecision> FailAsync(Campaign campaign, TouchDecision decision, string reason, CancellationToken ct)
    {
        var request = TouchRequest.For(campaign, decision.TouchId, decision.CustomerId, decision.Channel!.Value, decision.Address);
        var released = await limiter.ReleaseAsync(request, ct);
        logger.LogWarning("Touch {TouchId} failed ({Reason}); reservation {Released}", decision.TouchId, reason, released);
        return decision with { Outcome = TouchOutcome.Failed, Reason = reason };
    }
}
