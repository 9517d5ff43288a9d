namespace Outreach.Engine.Pipeline;

/// <summary>How to run a campaign once.</summary>
/// <param name="RunId">Part of every touch id: running the same run id again never touches a customer twice.</param>
/// <param name="DryRun">Decide and render everything, reserve and send nothing (the only kind <see cref="CampaignRunner"/> runs).</param>
public sealed record RunOptions(string RunId, bool DryRun = false, int BatchSize = 500);
