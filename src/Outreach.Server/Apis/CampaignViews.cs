using Outreach.Campaigns;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Engine.Runs;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Apis;

/// <summary>A campaign in force, as the campaigns list and detail show it.</summary>
public sealed record CampaignView(
    string Id, string Name, string? Description, string Category, IReadOnlyList<string> Tags, string TimeZone, int Priority,
    string? Schedule, string? TriggerEvent, TimeSpan? TriggerDelay, double HoldoutPercent, IReadOnlyList<VariantView> Variants,
    int Steps, string? GoalEvent, string? File)
{
    public static CampaignView Of(Campaign c) => new(
        c.Id, c.Name, c.Description, c.Category.ToString().ToLowerInvariant(), c.Tags, c.TimeZone, c.Priority,
        c.Schedule, c.Trigger?.Event, c.Trigger?.Delay, c.HoldoutPercent,
        [.. c.Variants.Select(v => new VariantView(v.Name, v.Weight, [.. v.Channels.Select(ch => ch.ToName())]))],
        c.EffectiveSteps.Count, c.Goal?.Event, c.SourcePath is { } path ? Path.GetFileName(path) : null);
}

public sealed record VariantView(string Name, double Weight, IReadOnlyList<string> Channels);

/// <summary>The campaigns in force and the problems of the files that are not (each <c>file:line:column: message</c>).</summary>
public sealed record CampaignList(IReadOnlyList<CampaignView> Campaigns, IReadOnlyList<DiagnosticView> Problems);

public sealed record DiagnosticView(string File, int Line, int Column, string Message)
{
    public static DiagnosticView Of(CampaignDiagnostic d) => new(Path.GetFileName(d.File), d.Line, d.Column, d.Message);
}

/// <summary>What <c>POST /campaigns/validate</c> found: valid (with the campaign's id) or every problem by line and column.</summary>
public sealed record ValidationReport(bool Valid, string? CampaignId, IReadOnlyList<DiagnosticView> Problems);

/// <summary>A run with its phase and live counters, as <c>outreach runs status</c> shows them.</summary>
public sealed record RunView(
    string CampaignId, string RunId, string Phase, string Trigger, string? Note, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    long Audience, long HeldOut, long Suppressed, long Capped, long Deferred, long Queued, long Paused, long Sent, long Failed,
    IReadOnlyDictionary<string, long> Touches)
{
    public static RunView Of(RunStatus s) => new(
        s.Run.CampaignId, s.Run.RunId, s.Phase, s.Run.Trigger, s.Run.Note, s.Run.CreatedAt, s.Run.UpdatedAt,
        s.Audience, s.HeldOut, s.Suppressed, s.Capped, s.Deferred, s.Queued, s.Paused, s.Sent, s.Failed,
        s.Touches.ToDictionary(t => StatusNames.Of(t.Key), t => t.Value));
}

/// <summary>A run started: its id and where to follow it.</summary>
public sealed record RunStarted(string CampaignId, string RunId, string Status);

/// <summary>A dry run's outcome: every customer decided, nothing sent, reserved or recorded.</summary>
public sealed record DryRunReport(string CampaignId, long Audience, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyList<DryRunExample> Examples);

public sealed record DryRunExample(string Outcome, string CustomerId, string Reason);

internal static class TouchStatusExtensions
{
    public static string Name(this TouchStatus status) => StatusNames.Of(status);
}
