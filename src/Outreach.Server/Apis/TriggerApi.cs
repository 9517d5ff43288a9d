using Outreach.Engine;
using Outreach.Server.Security;

namespace Outreach.Server.Apis;

public static class TriggerApi
{
    /// <summary><c>POST /campaigns/{id}/trigger</c> (trigger scope): one customer, now, through every rule.</summary>
    public static IEndpointRouteBuilder MapTriggerApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns/{id}/trigger", Trigger).WithTags("Trigger").RequireScope(Scopes.Trigger);
        return app;
    }

    public static async Task<IResult> Trigger(string id, TriggerBody body, ICampaignSource campaigns, CampaignTrigger trigger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.CustomerId)) return Problems.Invalid(("customerId", "Say which customer to touch."));
        if (!campaigns.TryGet(id, out var campaign)) return Problems.NotFound($"No campaign has the id '{id}'.");
        return await trigger.TriggerAsync(campaign, body.CustomerId.Trim(), ct) is { } result
            ? TypedResults.Ok(result)
            : Problems.NotFound($"No customer has the id '{body.CustomerId}'.");
    }
}

/// <summary>Which customer to touch.</summary>
public sealed record TriggerBody(string? CustomerId);
