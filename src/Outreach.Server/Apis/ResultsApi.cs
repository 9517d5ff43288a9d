using Outreach.Engine;
using Outreach.Engine.Results;
using Outreach.Server.Security;

namespace Outreach.Server.Apis;

public static class ResultsApi
{
    /// <summary><c>GET /campaigns/{id}/results</c> (admin scope): what <c>outreach results</c> prints, as JSON.</summary>
    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/campaigns/{id}/results", Get).WithTags("Results").RequireScope(Scopes.Admin)
            .Produces<CampaignResults>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// Computed on request from the ledger and the goal events, so it is as of now. Reading has no side effect: the stop
    /// rule's state is shown, and the engine's own check pauses the runs.
    /// </summary>
    public static async Task<IResult> Get(string id, ICampaignSource campaigns, ResultsCalculator calculator, CancellationToken ct) =>
        campaigns.TryGet(id, out var campaign)
            ? TypedResults.Ok(await calculator.ComputeAsync(campaign, ct))
            : Problems.NotFound($"No campaign has the id '{id}'.");
}
