using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Scheduling;
using Outreach.Storage.Ledger;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outreach start</c>: runs the engine until Ctrl+C or SIGTERM. Campaigns are planned at their cron times in their
/// own time zones, event-triggered campaigns fire as events are stored, the dispatchers send every touch as it falls due
/// (deferrals and sequence steps included), and the campaigns folder is watched for changes.
/// </summary>
public static class StartCommand
{
    public static Command Create()
    {
        var command = new Command("start", "Run the engine: schedules, event triggers and the touch queue, until Ctrl+C");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            return await RunAsync(services, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
    {
        services.TakeTheCaps();
        var scheduler = services.GetRequiredService<CampaignScheduler>();
        var catalog = services.GetRequiredService<CampaignCatalog>();
        var runs = services.GetRequiredService<ScheduledRunLog>();
        runs.Completed += ShowRun;
        scheduler.Resynced += (snapshot, report) => _ = ShowResyncAsync(scheduler, snapshot, report);

        var report = await scheduler.StartAsync(ct);
        var snapshot = catalog.Current;
        ShowProblems(snapshot, report);
        AnsiConsole.MarkupLine($"Loaded [bold]{snapshot.Campaigns.Count}[/] campaign(s) from {Markup.Escape(catalog.Folder)}/ (watching for changes).");
        foreach (var onEvent in snapshot.Campaigns.Values.Where(c => c.Trigger is not null).OrderBy(c => c.Id))
            AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(onEvent.Id)}: on event '{Markup.Escape(onEvent.Trigger!.Event)}', not on a schedule[/]");
        await ShowScheduleAsync(scheduler, ct);
        AnsiConsole.MarkupLine("[grey]Engine running: scheduler, event triggers and touch queue; Ctrl+C to stop.[/]");

        var loop = services.GetRequiredService<DispatchLoop>();
        var sent = new DispatchTally();
        loop.Dispatched += sent.Add;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var dispatching = loop.RunAsync(stopping.Token);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                if (sent.TakeLine() is { } line) AnsiConsole.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(line)}");
            }
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("Stopping: touches being sent are recorded first; a run still planning resumes, with the same run id, on the next start.");
        }
        finally
        {
            runs.Completed -= ShowRun;
            await stopping.CancelAsync();
            await dispatching;
            await scheduler.StopAsync(CancellationToken.None);
        }
        return 0;
    }

    /// <summary>What the dispatchers did since the last line printed.</summary>
    private sealed class DispatchTally
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<TouchStatus, long> _counts = [];

        public void Add(DispatchReport report)
        {
            lock (_gate)
                foreach (var (status, count) in report.ByStatus)
                    _counts[status] = _counts.GetValueOrDefault(status) + count;
        }

        public string? TakeLine()
        {
            lock (_gate)
            {
                if (_counts.Count == 0) return null;
                var line = "touch queue: " + string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"{c.Value:N0} {c.Key.ToString().ToLowerInvariant()}"));
                _counts.Clear();
                return line;
            }
        }
    }

    private static async Task ShowScheduleAsync(CampaignScheduler scheduler, CancellationToken ct)
    {
        var table = new Table().AddColumns("campaign", "cron", "time zone", "next, campaign time", "next, UTC");
        foreach (var campaign in await scheduler.ListAsync(ct))
            table.AddRow(Markup.Escape(campaign.CampaignId), Markup.Escape(campaign.Cron), campaign.TimeZone.Id,
                campaign.NextFireLocal?.ToString("yyyy-MM-dd HH:mm:ss zzz") ?? "never",
                campaign.NextFireUtc?.ToString("yyyy-MM-dd HH:mm:ss'Z'") ?? "never");
        AnsiConsole.Write(table);
    }

    private static async Task ShowResyncAsync(CampaignScheduler scheduler, CatalogSnapshot snapshot, ScheduleSyncReport report)
    {
        ShowProblems(snapshot, report);
        if (!report.ChangedAnything) return;
        AnsiConsole.MarkupLine($"Campaigns changed: scheduled ({Join(report.Scheduled)}), rescheduled ({Join(report.Rescheduled)}), unscheduled ({Join(report.Unscheduled)}).");
        try
        {
            await ShowScheduleAsync(scheduler, CancellationToken.None);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"The schedule cannot be listed: {e.Message}");
        }

        static string Join(IReadOnlyList<string> ids) => Markup.Escape(string.Join(", ", ids));
    }

    // Each problem was logged with its file:line:column as the folder was loaded; this says what it means for the schedule.
    private static void ShowProblems(CatalogSnapshot snapshot, ScheduleSyncReport report)
    {
        if (snapshot.Diagnostics.Count > 0)
            Console.Error.WriteLine($"{snapshot.Diagnostics.Count} problem(s) in {snapshot.Diagnostics.Select(d => d.File).Distinct().Count()} campaign file(s); " +
                                    "a campaign whose file broke keeps its previous version.");
        foreach (var problem in report.Problems) Console.Error.WriteLine($"Not scheduled: {problem}");
    }

    private static void ShowRun(ScheduledRun run)
    {
        var resumed = run.Resumed ? " (resumed)" : "";
        if (run.Run is not { } planned)
        {
            AnsiConsole.MarkupLine($"[red]{run.FiredAt:HH:mm:ss}[/] {Markup.Escape(run.CampaignId)} {run.RunId}{resumed}: {Markup.Escape(run.Problem ?? "did not run")}");
            return;
        }
        AnsiConsole.MarkupLine($"[green]{run.FiredAt:HH:mm:ss}[/] {Markup.Escape(run.CampaignId)} {run.RunId}{resumed}: " +
                               $"{planned.Audience:N0} customer(s) planned ({planned.State.ToString().ToLowerInvariant()}); the touch queue sends them");
    }
}
