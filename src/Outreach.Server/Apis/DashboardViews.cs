namespace Outreach.Server.Apis;

/// <summary>Every campaign in force, with touches per day on <see cref="Days"/>, and the campaign files the last load rejected.</summary>
public sealed record CampaignsOverview(DateTimeOffset AsOf, IReadOnlyList<DateOnly> Days, IReadOnlyList<CampaignGlance> Campaigns, IReadOnlyList<DiagnosticView> Problems);

/// <summary>A campaign at a glance: its newest run (paused or not, live counters) and touches per day of <see cref="CampaignsOverview.Days"/>.</summary>
/// <param name="NextRunAt">The next time its cron schedule fires; null for an event-triggered or manual campaign.</param>
public sealed record CampaignGlance(CampaignView Campaign, DateTimeOffset? NextRunAt, RunView? LastRun, IReadOnlyList<long> TouchesPerDay);

/// <summary>A campaign's file as written, the problems the last load found in it, and its touches per status over every run.</summary>
public sealed record CampaignInsight(
    CampaignView Campaign, DateTimeOffset? NextRunAt, string? Yaml, IReadOnlyList<DiagnosticView> Problems,
    IReadOnlyDictionary<string, long> Touches, DateTimeOffset AsOf);

/// <summary>A campaign's audience now, split over its variants and holdout (<see cref="AudienceArm.Customers"/>), with sample messages.</summary>
public sealed record AudiencePreview(string CampaignId, long Audience, IReadOnlyList<AudienceArm> Arms, IReadOnlyList<AudienceSample> Samples, DateTimeOffset AsOf);

/// <param name="Weight">The variant's weight, or the holdout's percentage.</param>
public sealed record AudienceArm(string Name, double Weight, IReadOnlyList<string> Channels, long Customers);

/// <summary>A message rendered for a real customer on the variant's first channel.</summary>
public sealed record AudienceSample(string Variant, string Channel, string CustomerId, string? Subject, string Body);

/// <summary>Daily counts on <see cref="Days"/> per series (a channel, a cap rule), and their sum.</summary>
public sealed record DailySeries(DateTimeOffset AsOf, IReadOnlyList<DateOnly> Days, IReadOnlyDictionary<string, long[]> Series, long Total);

public sealed record LimitsInForce(IReadOnlyList<string> Rules, QuietHoursInForce QuietHours, IReadOnlyList<WhitelistView> Lists);

public sealed record QuietHoursInForce(bool Enabled, string Start, string End, string DefaultTimeZone, IReadOnlyDictionary<string, QuietWindowInForce> Channels);

public sealed record QuietWindowInForce(bool Enabled, string Start, string End);

/// <summary>A customer list: the whitelist rule configured for it (if any) and its first <see cref="Shown"/> members.</summary>
public sealed record WhitelistView(
    string List, string? Effect, IReadOnlyList<string> Caps, IReadOnlyList<string> Campaigns, IReadOnlyList<string> Tags,
    int MemberCount, IReadOnlyList<string> Members)
{
    public const int Shown = 100;
}
