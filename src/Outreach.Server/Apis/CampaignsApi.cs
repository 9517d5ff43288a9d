using Microsoft.Extensions.Options;
using Outreach.Campaigns;
using Outreach.Engine;
using Outreach.Engine.Pipeline;
using Outreach.Engine.Preview;
using Outreach.Engine.Runs;
using Outreach.Engine.Scheduling;
using Outreach.Server.Security;
using Outreach.Storage.Runs;

namespace Outreach.Server.Apis;

public static class CampaignsApi
{
    /// <summary>Campaigns and their runs (admin scope): list, get, validate a posted YAML, preview, run, dry-run, pause, resume, cancel, status.</summary>
    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/campaigns").WithTags("Campaigns").RequireScope(Scopes.Admin);
        campaigns.MapGet("/", List);
        campaigns.MapPost("/validate", Validate).Accepts<string>("application/yaml", "text/yaml", "text/plain");
        campaigns.MapGet("/{id}", Get);
        campaigns.MapPost("/{id}/runs", Run).WithName("RunCampaign");
        campaigns.MapPost("/{id}/dry-run", DryRun);
        campaigns.MapGet("/{id}/preview", Preview);
        campaigns.MapGet("/{id}/runs", ListRuns);
        campaigns.MapGet("/{id}/runs/{runId}", GetRun).WithName(RunStatusRoute);
        campaigns.MapPost("/{id}/runs/{runId}/pause", (string id, string runId, RunControl control, CancellationToken ct) =>
            Change(control.PauseAsync(id, runId, ct)));
        campaigns.MapPost("/{id}/runs/{runId}/resume", (string id, string runId, RunControl control, CancellationToken ct) =>
            Change(control.ResumeAsync(id, runId, ct)));
        campaigns.MapPost("/{id}/runs/{runId}/cancel", (string id, string runId, RunControl control, CancellationToken ct) =>
            Change(control.CancelAsync(id, runId, ct)));
        return app;
    }

    private const string RunStatusRoute = "CampaignRunStatus";

    public static IResult List(CampaignCatalog catalog)
    {
        var snapshot = catalog.Current;
        return TypedResults.Ok(new CampaignList(
            [.. snapshot.Campaigns.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(CampaignView.Of)],
            [.. snapshot.Diagnostics.Select(DiagnosticView.Of)]));
    }

    public static IResult Get(string id, ICampaignSource campaigns) =>
        campaigns.TryGet(id, out var campaign) ? TypedResults.Ok(CampaignView.Of(campaign)) : NoCampaign(id);

    /// <summary>Checks a campaign file posted as the body; problems come with the line and column in that text.</summary>
    public static async Task<IResult> Validate(HttpRequest request, CampaignLoader loader, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var yaml = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(yaml)) return Problems.Invalid(("body", "Post the campaign's YAML as the body."));
        var result = loader.LoadText(yaml, "campaign.yaml");
        return TypedResults.Ok(new ValidationReport(result.Campaign is not null && result.Diagnostics.Count == 0, result.Campaign?.Id,
            [.. result.Diagnostics.Select(DiagnosticView.Of)]));
    }

    /// <summary>Starts a run in the background: 202 with the run id and its status URL. <c>runId</c> names it (running it again finishes it).</summary>
    public static async Task<IResult> Run(string id, string? runId, ICampaignSource campaigns, RunLauncher launcher, IRunStore runs,
        TimeProvider time, LinkGenerator links, HttpContext context, CancellationToken ct)
    {
        if (!campaigns.TryGet(id, out var campaign)) return NoCampaign(id);
        if (runId is not null && RunIds.Problem(runId) is { } problem) return Problems.Invalid(("runId", problem));
        var run = runId ?? $"manual-{time.GetUtcNow().UtcDateTime:yyyyMMddTHHmmssZ}";
        if (await runs.GetRunAsync(id, run, ct) is { State: RunState.Cancelled })
            return Problems.Conflict($"Run {run} of {id} was cancelled, and a cancelled run stays cancelled; start a new run (another runId).");
        await launcher.StartAsync(campaign, run, ct);
        var status = links.GetPathByName(context, RunStatusRoute, new { id, runId = run })!;
        return TypedResults.Accepted(status, new RunStarted(id, run, status));
    }

    /// <summary>Decides the whole audience now and answers with the outcome counts; sends, reserves and records nothing.</summary>
    public static async Task<IResult> DryRun(string id, ICampaignSource campaigns, CampaignRunner runner, IOptions<EngineOptions> engine,
        TimeProvider time, CancellationToken ct)
    {
        if (!campaigns.TryGet(id, out var campaign)) return NoCampaign(id);
        var examples = new Dictionary<TouchOutcome, TouchDecision>();
        var summary = await runner.RunAsync(campaign, new RunOptions($"dry-{time.GetUtcNow().UtcDateTime:yyyyMMddTHHmmssZ}", DryRun: true, engine.Value.BatchSize),
            decision =>
            {
                lock (examples) examples.TryAdd(decision.Outcome, decision);
                return ValueTask.CompletedTask;
            }, new RunCounters(), ct);
        static string Name(TouchOutcome o) => o == TouchOutcome.Planned ? "would_be_sent" : System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(o.ToString());
        return TypedResults.Ok(new DryRunReport(id, summary.Counters.Audience,
            summary.Counters.Snapshot().ToDictionary(p => Name(p.Outcome), p => p.Count),
            [.. examples.Values.OrderBy(d => d.Outcome).Select(d => new DryRunExample(Name(d.Outcome), d.CustomerId, d.Reason))]));
    }

    /// <summary>
    /// As <c>outreach preview</c>: the audience now, its exact split over the variants and the holdout, and
    /// <c>samples</c> customers per variant (2 by default, at most 20) with their messages; sends and records nothing.
    /// </summary>
    public static async Task<IResult> Preview(string id, int? samples, ICampaignSource campaigns, CampaignPreviewer previewer, CancellationToken ct)
    {
        if (!campaigns.TryGet(id, out var campaign)) return NoCampaign(id);
        var perVariant = samples ?? 2;
        if (perVariant is < 0 or > 20) return Problems.Invalid(("samples", $"samples must be between 0 and 20, not {perVariant}."));
        return TypedResults.Ok(CampaignPreviewView.Of(await previewer.PreviewAsync(campaign, perVariant, ct: ct)));
    }

    public static async Task<IResult> ListRuns(string id, RunControl control, CancellationToken ct, int limit = 20) =>
        TypedResults.Ok((await control.ListAsync(id, Math.Clamp(limit, 1, 500), ct)).Select(RunView.Of).ToList());

    public static async Task<IResult> GetRun(string id, string runId, RunControl control, CancellationToken ct) =>
        await control.GetAsync(id, runId, ct) is { } status
            ? TypedResults.Ok(RunView.Of(status))
            : Problems.NotFound($"Campaign '{id}' has no run '{runId}'.");

    /// <summary>200 with the run's status after the change, 404 for no such run, 409 when the run cannot change so (with why).</summary>
    private static async Task<IResult> Change(Task<RunControlResult> change)
    {
        var result = await change;
        if (result.Done) return TypedResults.Ok(RunView.Of(result.Status!));
        return result.Status is null ? Problems.NotFound(result.Message) : Problems.Conflict(result.Message);
    }

    private static IResult NoCampaign(string id) => Problems.NotFound($"No campaign in force has the id '{id}'.");
}
