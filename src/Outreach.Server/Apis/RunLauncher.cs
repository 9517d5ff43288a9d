using Outreach.Core.Campaigns;
using Outreach.Engine.Runs;
using Outreach.Storage.Runs;

namespace Outreach.Server.Apis;

/// <summary>
/// Runs a campaign in the background of the server (plan, then dispatch its due touches, as <c>outreach run</c> does),
/// so the request that asked for it answers at once. A run cut short by a shutdown is finished by running the same
/// run id again, or by any node's dispatch loop.
/// </summary>
public sealed class RunLauncher(RunExecutor executor, IRunStore runs, IHostApplicationLifetime lifetime, ILogger<RunLauncher> logger)
{
    public async Task<RunRecord> StartAsync(Campaign campaign, string runId, CancellationToken ct)
    {
        // Registered before answering, so the status URL answers from the first poll.
        var run = await runs.StartRunAsync(campaign.Id, runId, "api", ct);
        var stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await executor.RunNowAsync(campaign, runId, "api", ct: stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogError(e, "Run {RunId} of {CampaignId} failed; running it again with the same id finishes it", runId, campaign.Id);
            }
        }, CancellationToken.None);
        return run;
    }
}
