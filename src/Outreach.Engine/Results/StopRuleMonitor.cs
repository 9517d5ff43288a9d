using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns;
using Outreach.Engine.Runs;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Results;

/// <summary>
/// Enforces campaigns' stop rules: computes the results of every campaign that has one and, when its ROI is below
/// <c>min_roi</c> after <c>after_touches</c> touches, pauses each of its planning or running runs, saying why. A
/// running engine does this every <see cref="ResultsOptions.StopRuleInterval"/> (so a run started after the campaign
/// tripped is paused at the next check). The rule is judged afresh each time: to let a stopped campaign go on, change
/// its stop rule (or its offer) and resume its runs.
/// </summary>
public sealed class StopRuleMonitor(
    ResultsCalculator calculator,
    RunControl control,
    IRunStore runs,
    ICampaignSource campaigns,
    IOptions<ResultsOptions> options,
    TimeProvider time,
    ILogger<StopRuleMonitor> logger)
{
    // Open runs of a campaign are few (a scheduled campaign's latest, an event-triggered campaign's recent days).
    private const int RunsLooked = 1000;

    /// <summary>Checks one campaign now; returns its results and the runs it paused.</summary>
    public async Task<(CampaignResults Results, IReadOnlyList<string> PausedRuns)> CheckAsync(Campaign campaign, CancellationToken ct = default)
    {
        var results = await calculator.ComputeAsync(campaign, ct);
        if (results.StopRule is not { Tripped: true } rule) return (results, []);

        var paused = new List<string>();
        foreach (var run in await runs.ListRunsAsync(campaign.Id, RunsLooked, ct))
        {
            if (run.State is not (RunState.Planning or RunState.Running)) continue;
            if ((await control.PauseAsync(campaign.Id, run.RunId, rule.Message, ct)).Done) paused.Add(run.RunId);
        }
        if (paused.Count > 0)
            logger.LogWarning("Campaign {CampaignId} {Why}; paused run(s) {Runs}", campaign.Id, rule.Message, string.Join(", ", paused));
        return (results, paused);
    }

    /// <summary>Checks every campaign in force that has a stop rule.</summary>
    public async Task CheckAllAsync(CancellationToken ct = default)
    {
        foreach (var campaign in campaigns.All.Where(c => c.StopRule is not null))
            await CheckAsync(campaign, ct);
    }

    /// <summary>Checks every interval until <paramref name="ct"/> is cancelled; a failed check is logged and tried again next time.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var interval = options.Value.StopRuleInterval;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await CheckAllAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Checking stop rules failed; trying again in {Interval}", interval);
            }
            try
            {
                await Task.Delay(interval, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
