using Outreach.Core.Campaigns;

namespace Outreach.Engine.Pipeline;

/// <summary>What a campaign run did: its counters, when it ran, and whether it finished.</summary>
public sealed record RunSummary(Campaign Campaign, string RunId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, RunCounters Counters, bool DryRun);
