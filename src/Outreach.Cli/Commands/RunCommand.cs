using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Engine;
using Outreach.Core.Campaigns;
using Outreach.Engine.Pipeline;
using Outreach.Engine.Runs;
using Outreach.Engine.Scheduling;
using Outreach.Storage;
using Outreach.Storage.Runs;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outreach run &lt;campaign&gt;</c>: runs one campaign of the campaigns folder now, with a progress bar, and
/// prints its counters. <c>--run-id</c> names the run, so running it again after an interruption finishes it without
/// touching anyone twice; <c>--dry-run</c> decides everything and sends (and records) nothing.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var campaign = new Argument<string>("campaign") { Description = "Id of a campaign in the campaigns folder" };
        var runId = new Option<string?>("--run-id") { Description = "Run id (default manual-<UTC time>); the same id resumes that run" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Decide every customer and show the outcome; send and record nothing" };
        var command = new Command("run", "Run one campaign now and show its progress and counters") { campaign, runId, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(runId) is { } given && RunIds.Problem(given) is { } problem)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            var catalog = services.GetRequiredService<CampaignCatalog>();
            var snapshot = catalog.Reload();
            var id = parse.GetValue(campaign)!;
            if (!catalog.TryGet(id, out var found))
            {
                foreach (var diagnostic in snapshot.Diagnostics) Console.Error.WriteLine(diagnostic);
                Console.Error.WriteLine($"No valid campaign '{id}' in {catalog.Folder}/ (campaigns there: {string.Join(", ", snapshot.Campaigns.Keys.Order())}).");
                return 2;
            }
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var run = parse.GetValue(runId) ?? $"manual-{now.UtcDateTime:yyyyMMddTHHmmssZ}";
            return parse.GetValue(dryRun)
                ? await DryRunAsync(services, found, run, ct)
                : await RunAsync(services, found, run, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services, Campaign campaign, string runId, CancellationToken ct)
    {
        services.TakeTheCaps();
        if (await services.GetRequiredService<IRunStore>().GetRunAsync(campaign.Id, runId, ct) is { State: RunState.Cancelled })
        {
            Console.Error.WriteLine($"Run {runId} of {campaign.Id} was cancelled, and a cancelled run stays cancelled: nothing to do. " +
                                    "Start a new run (leave out --run-id, or give a new one).");
            return 1;
        }
        var store = services.GetRequiredService<ICustomerStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var first = campaign.EffectiveSteps[0];
        var expected = await store.CountAudienceAsync(first.Only is { } only ? new Core.Audience.AllOf([campaign.Audience, only]) : campaign.Audience, now, ct);
        AnsiConsole.MarkupLine($"Running [bold]{Markup.Escape(campaign.Id)}[/] as run [bold]{Markup.Escape(runId)}[/]: {expected:N0} customer(s) in the audience.");

        var executor = services.GetRequiredService<RunExecutor>();
        RunStatus status;
        try
        {
            status = await RunWithProgressAsync(executor, campaign, runId, expected, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Stopped. Nothing is lost or sent twice: `outreach run {campaign.Id} --run-id {runId}` finishes this run " +
                                   "(touches this process held are taken over when their lease runs out).");
            return 130;
        }

        AnsiConsole.Write(RunView.Counters(status));
        if (status.Pending > 0)
            AnsiConsole.MarkupLine($"{status.Pending:N0} touch(es) wait for later (quiet hours, caps, later sequence steps or a pause); " +
                                   "[bold]outreach start[/] sends them when they fall due.");
        return 0;
    }

    private static async Task<RunStatus> RunWithProgressAsync(RunExecutor executor, Campaign campaign, string runId, long expected, CancellationToken ct)
    {
        RunStatus status;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            status = await AnsiConsole.Progress().AutoClear(false).StartAsync(async context =>
            {
                var planning = context.AddTask("planned", maxValue: Math.Max(1, expected));
                var sending = context.AddTask("decided", maxValue: Math.Max(1, expected));
                return await executor.RunNowAsync(campaign, runId, progress: new SyncProgress(p =>
                {
                    planning.Value = p.Planned;
                    sending.MaxValue = Math.Max(sending.MaxValue, Math.Max(p.Planned, p.Dispatched));
                    sending.Value = p.Dispatched;
                }), ct: ct);
            });
        }
        else
        {
            // No terminal to draw a bar on (a pipe, CI): a line every tenth of the audience.
            long shown = -1;
            status = await executor.RunNowAsync(campaign, runId, progress: new SyncProgress(p =>
            {
                var tenth = expected == 0 ? 10 : Math.Min(10, p.Dispatched * 10 / expected);
                if (Interlocked.Exchange(ref shown, tenth) != tenth)
                    Console.Error.WriteLine($"{campaign.Id} {runId}: {p.Planned:N0} planned, {p.Dispatched:N0} decided");
            }), ct: ct);
        }
        return status;
    }

    private static async Task<int> DryRunAsync(IServiceProvider services, Campaign campaign, string runId, CancellationToken ct)
    {
        var counters = new RunCounters();
        var examples = new Dictionary<TouchOutcome, TouchDecision>();
        var summary = await services.GetRequiredService<CampaignRunner>().RunAsync(campaign, new RunOptions(runId, DryRun: true, services.GetRequiredService<IOptions<EngineOptions>>().Value.BatchSize), decision =>
        {
            examples.TryAdd(decision.Outcome, decision);
            return ValueTask.CompletedTask;
        }, counters, ct);
        AnsiConsole.MarkupLine($"Dry run of [bold]{Markup.Escape(campaign.Id)}[/]: nothing was sent, reserved or recorded.");
        var table = new Table().AddColumns("", "customers").AddRow("audience", summary.Counters.Audience.ToString("N0"));
        foreach (var (outcome, count) in summary.Counters.Snapshot())
            table.AddRow(outcome == TouchOutcome.Planned ? "would be sent" : outcome.ToString().ToLowerInvariant(), count.ToString("N0"));
        AnsiConsole.Write(table);
        var why = new Table().AddColumns("outcome", "customer", "why");
        foreach (var example in examples.Values.OrderBy(d => d.Outcome))
            why.AddRow(example.Outcome.ToString().ToLowerInvariant(), Markup.Escape(example.CustomerId), Markup.Escape(example.Reason));
        AnsiConsole.Write(why);
        return 0;
    }

    /// <summary>Reports on the caller's thread (System.Progress would post to the thread pool and arrive late or out of order).</summary>
    private sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        private readonly Lock _gate = new();

        public void Report(RunProgress value)
        {
            lock (_gate) report(value);
        }
    }
}
