using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Engine;
using Outreach.Limits;
using Outreach.Server.Security;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Apis;

public static class CustomerHistoryApi
{
    /// <summary>One customer's touches with each decision's reason, and where they stand against the caps (admin scope).</summary>
    public static IEndpointRouteBuilder MapCustomerHistoryApi(this IEndpointRouteBuilder app)
    {
        var customer = app.MapGroup("/customers/{id}").WithTags("Customers").RequireScope(Scopes.Admin);
        customer.MapGet("/touches", Touches);
        customer.MapGet("/caps", Caps);
        return app;
    }

    public static async Task<IResult> Touches(string id, ICustomerStore store, ITouchLedger ledger, CancellationToken ct)
    {
        if (await store.GetCustomerAsync(id, ct) is null) return Problems.NotFound($"No customer has the id '{id}'.");
        var touches = await ledger.ForCustomerAsync(id, ct);
        return TypedResults.Ok(touches.Select(TouchView.Of).ToList());
    }

    /// <summary>
    /// Per channel the customer can be reached on: what a touch would be told now, each cap's count against its limit,
    /// and the next eligible time. <c>?campaign=id</c> asks as that campaign (its category, tags and priority).
    /// </summary>
    public static async Task<IResult> Caps(string id, string? campaign, ICustomerStore store, ICampaignSource campaigns, ITouchLimiter limiter,
        CancellationToken ct)
    {
        if (await store.GetCustomerAsync(id, ct) is not { } customer) return Problems.NotFound($"No customer has the id '{id}'.");
        Core.Campaigns.Campaign? asCampaign = null;
        if (campaign is { Length: > 0 } && !campaigns.TryGet(campaign, out asCampaign)) return Problems.NotFound($"No campaign in force has the id '{campaign}'.");

        var channels = new List<ChannelCaps>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            if (ContactAddress.For(customer, channel) is not { } address) continue;
            var probe = $"cap-status/{Guid.NewGuid():N}";
            var request = asCampaign is not null
                ? TouchRequest.For(asCampaign, probe, id, channel, address)
                : new TouchRequest { TouchId = probe, CustomerId = id, Channel = channel, Address = address };
            var status = await limiter.ExplainAsync(request, ct);
            channels.Add(new ChannelCaps(channel.ToName(), status.Decision.Outcome.ToString().ToLowerInvariant(), status.Decision.Reason, status.NextEligibleAt,
                [.. status.Rules.Select(r => new RuleCountView(r.Rule.ToString(), r.Subject.ToString().ToLowerInvariant(), r.Count, r.Limit, r.IsFull, r.EligibleAt))]));
        }
        return TypedResults.Ok(new CustomerCaps(id, asCampaign?.Id, channels));
    }
}

/// <summary>One touch of the ledger: what was decided, on which channel and variant, and why.</summary>
public sealed record TouchView(
    string TouchId, string CampaignId, string RunId, int Step, string Status, string? Reason, string? Channel, string? Variant,
    DateTimeOffset DueAt, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TouchView Of(TouchRecord t) => new(t.TouchId, t.CampaignId, t.RunId, t.Step, StatusNames.Of(t.Status), t.Reason,
        t.Channel?.ToName(), t.Variant, t.DueAt, t.Attempts, t.CreatedAt, t.UpdatedAt);
}

public sealed record CustomerCaps(string CustomerId, string? AsCampaign, IReadOnlyList<ChannelCaps> Channels);

/// <summary>What a touch on one channel would be told now (<c>allowed</c>, <c>denied</c>, ...) and every cap's count.</summary>
public sealed record ChannelCaps(string Channel, string Decision, string Reason, DateTimeOffset? NextEligibleAt, IReadOnlyList<RuleCountView> Caps);

public sealed record RuleCountView(string Rule, string Subject, int Count, int Limit, bool Full, DateTimeOffset? EligibleAt);
