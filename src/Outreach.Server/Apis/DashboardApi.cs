using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Engine.Planning;
using Outreach.Engine.Preview;
using Outreach.Engine.Runs;
using Outreach.Engine.Scheduling;
using Outreach.Limits;
using Outreach.Limits.Whitelists;
using Outreach.Server.Security;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Apis;

public static class DashboardApi
{
    /// <summary>
    /// The aggregates the dashboard (<c>/dashboard/</c>) draws and no other endpoint gives: campaigns at a glance, a
    /// campaign's file and audience preview, touches per day by channel, cap denials per rule per day, the limits in force.
    /// </summary>
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var insights = app.MapGroup("/insights").WithTags("Dashboard").RequireScope(Scopes.Admin);
        insights.MapGet("/campaigns", Campaigns);
        insights.MapGet("/campaigns/{id}", Campaign);
        insights.MapGet("/campaigns/{id}/preview", Preview);
        insights.MapGet("/touches", Touches);
        insights.MapGet("/cap-denials", CapDenials);
        insights.MapGet("/limits", Limits);
        return app;
    }

    private const int MaxDays = 366;

    /// <summary>Every campaign in force with its status, schedule or trigger, last and next run and touches per day.</summary>
    public static async Task<IResult> Campaigns(
        int? days, CampaignCatalog catalog, RunControl runs, ITouchActivity activity, TimeProvider time, CancellationToken ct)
    {
        if (DayRange.Parse(days, 14, time.GetUtcNow()) is not { } range) return DaysProblem(days);
        var snapshot = catalog.Current;
        var sent = (await activity.CountSentPerDayAsync(range.Since, null, ct)).ToLookup(d => d.CampaignId, StringComparer.Ordinal);
        var campaigns = new List<CampaignGlance>();
        foreach (var campaign in snapshot.Campaigns.Values.OrderByDescending(c => c.Priority).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var last = (await runs.ListAsync(campaign.Id, 1, ct)).FirstOrDefault();
            campaigns.Add(new CampaignGlance(CampaignView.Of(campaign), NextRun(campaign, range.Now), last is null ? null : RunView.Of(last),
                range.Series(sent[campaign.Id].Select(d => (d.Day, d.Count)))));
        }
        return TypedResults.Ok(new CampaignsOverview(range.Now, range.Days, campaigns, [.. snapshot.Diagnostics.Select(DiagnosticView.Of)]));
    }

    /// <summary>One campaign: its file as written with the problems the last load found in it, and its touches by status (runs: CampaignsApi).</summary>
    public static async Task<IResult> Campaign(string id, CampaignCatalog catalog, ITouchLedger ledger, TimeProvider time, CancellationToken ct)
    {
        if (!catalog.TryGet(id, out var campaign)) return Problems.NotFound($"No campaign has the id '{id}' in {catalog.Folder}/.");
        var now = time.GetUtcNow();
        var file = campaign.SourcePath;
        var yaml = file is not null && File.Exists(file) ? await File.ReadAllTextAsync(file, ct) : null;
        var problems = catalog.Current.Diagnostics.Where(d => d.File == file).Select(DiagnosticView.Of).ToList();
        var touches = await ledger.CountByStatusAsync(campaign.Id, null, ct);
        return TypedResults.Ok(new CampaignInsight(CampaignView.Of(campaign), NextRun(campaign, now), yaml, problems,
            touches.ToDictionary(t => StatusNames.Of(t.Key), t => t.Value), now));
    }

    /// <summary>
    /// The audience now, its split over the variants and the holdout, and sample messages rendered for real customers, as
    /// <c>outreach preview</c> shows them. Reads the audience once; assigns, sends and records nothing.
    /// </summary>
    public static async Task<IResult> Preview(string id, int? samples, CampaignCatalog catalog, CampaignPreviewer previewer, CancellationToken ct)
    {
        if (!catalog.TryGet(id, out var campaign)) return Problems.NotFound($"No campaign has the id '{id}' in {catalog.Folder}/.");
        var perVariant = samples ?? 2;
        if (perVariant is < 0 or > 10) return Problems.Invalid(("samples", $"samples must be between 0 and 10, not {perVariant}."));
        var preview = await previewer.PreviewAsync(campaign, perVariant, ct: ct);
        // The page shows each sample on its variant's first channel.
        return TypedResults.Ok(new AudiencePreview(campaign.Id, preview.Audience,
            [.. preview.Arms.Select(a => new AudienceArm(a.Name, a.Weight, [.. a.Channels.Select(c => c.ToName())], a.Customers))],
            [.. preview.Samples.Select(s => new AudienceSample(s.Variant.Name, s.Messages[0].Channel.ToName(), s.Profile.Customer.Id, s.Messages[0].Subject, s.Messages[0].Body))],
            preview.At));
    }

    /// <summary>Touches that went out per UTC day and channel over the last <c>days</c> days, of one campaign when given.</summary>
    public static async Task<IResult> Touches(int? days, string? campaign, ITouchActivity activity, TimeProvider time, CancellationToken ct)
    {
        if (DayRange.Parse(days, 30, time.GetUtcNow()) is not { } range) return DaysProblem(days);
        var rows = await activity.CountSentPerDayAsync(range.Since, campaign, ct);
        var byChannel = rows.GroupBy(r => r.Channel?.ToName() ?? "unknown", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => range.Series(g.Select(r => (r.Day, r.Count))), StringComparer.Ordinal);
        return TypedResults.Ok(new DailySeries(range.Now, range.Days, byChannel, rows.Sum(r => r.Count)));
    }

    /// <summary>Touches held back or dropped by each cap rule per UTC day over the last <c>days</c> days.</summary>
    public static async Task<IResult> CapDenials(int? days, ITouchActivity activity, TimeProvider time, CancellationToken ct)
    {
        if (DayRange.Parse(days, 30, time.GetUtcNow()) is not { } range) return DaysProblem(days);
        var rows = await activity.CountCapDenialsPerDayAsync(range.Since, ct);
        var byRule = rows.GroupBy(r => r.Rule, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => range.Series(g.Select(r => (r.Day, r.Count))), StringComparer.Ordinal);
        return TypedResults.Ok(new DailySeries(range.Now, range.Days, byRule, rows.Sum(r => r.Count)));
    }

    /// <summary>The cap rules, whitelist rules (with their members) and quiet hours in force.</summary>
    public static async Task<IResult> Limits(IOptions<LimitsOptions> options, ICustomerListStore lists, CancellationToken ct)
    {
        var limits = options.Value;
        var names = limits.Lists.Select(l => l.List).Concat(await lists.ListNamesAsync(ct)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var views = new List<WhitelistView>();
        foreach (var name in names)
        {
            var rule = limits.Lists.FirstOrDefault(l => l.List == name);
            var members = await lists.MembersAsync(name, ct);
            views.Add(new WhitelistView(name, rule?.Effect, [.. (rule?.Caps ?? []).Select(c => c.ToString())], rule?.Campaigns ?? [], rule?.Tags ?? [],
                members.Count, [.. members.Order(StringComparer.Ordinal).Take(WhitelistView.Shown)]));
        }
        var quiet = limits.QuietHours;
        return TypedResults.Ok(new LimitsInForce(
            [.. limits.EffectiveRules.Select(r => r.ToString())],
            new QuietHoursInForce(quiet.Enabled, quiet.Start, quiet.End, quiet.DefaultTimeZone,
                quiet.Channels.ToDictionary(c => c.Key, c => new QuietWindowInForce(c.Value.Enabled, c.Value.Start ?? quiet.Start, c.Value.End ?? quiet.End))),
            views));
    }

    private static DateTimeOffset? NextRun(Campaign campaign, DateTimeOffset now) =>
        campaign.Schedule is { } cron
            // Strictly after now: a fire at this very second is the current run, not the next.
            ? CronOccurrences.Between(cron, campaign.TimeZone, now.AddSeconds(1), now.AddDays(MaxDays)).Select(at => (DateTimeOffset?)at).FirstOrDefault()
            : null;

    private static IResult DaysProblem(int? days) =>
        Problems.Invalid(("days", $"days must be between 1 and {MaxDays}, not {days}."));

    /// <summary>The last N UTC days up to today, and daily counts laid out on them (a day without any is 0).</summary>
    private sealed record DayRange(DateTimeOffset Now, DateTimeOffset Since, IReadOnlyList<DateOnly> Days)
    {
        public static DayRange? Parse(int? days, int fallback, DateTimeOffset now)
        {
            var count = days ?? fallback;
            if (count is < 1 or > MaxDays) return null;
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var first = today.AddDays(1 - count);
            return new DayRange(now, new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                [.. Enumerable.Range(0, count).Select(first.AddDays)]);
        }

        public long[] Series(IEnumerable<(DateOnly Day, long Count)> counts)
        {
            var series = new long[Days.Count];
            foreach (var (day, count) in counts)
            {
                var index = day.DayNumber - Days[0].DayNumber;
                if (index >= 0 && index < series.Length) series[index] += count;
            }
            return series;
        }
    }
}
