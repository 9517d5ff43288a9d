using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Channels.Outbox;
using Outreach.Engine.Runs;
using Outreach.Engine.Scheduling;
using Outreach.Storage;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outreach demo</c>: the main job on whatever is configured (by default SQLite, the in-process limiter and the
/// outbox): load the campaigns, seed simulated customers into an empty store, run every campaign once through the touch
/// queue and show its counters and a message it sent.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Simulated customers to seed an empty store with", DefaultValueFactory = _ => 2000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the simulation", DefaultValueFactory = _ => 42 };
        var command = new Command("demo", "Seed customers, run every campaign once through the pipeline, show the decisions") { customers, seed };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            return await RunAsync(services, parse.GetValue(customers), parse.GetValue(seed), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int customers, long seed, CancellationToken ct)
    {
        services.TakeTheCaps();
        var folder = services.CampaignsPath();
        // The catalog is what the dispatchers decide touches by, as in a running engine.
        var snapshot = services.GetRequiredService<CampaignCatalog>().Reload();
        var set = (Campaigns: snapshot.Campaigns.Values.ToList(), snapshot.Diagnostics);
        foreach (var diagnostic in set.Diagnostics) Console.Error.WriteLine(diagnostic);
        if (set.Campaigns.Count == 0)
        {
            Console.Error.WriteLine($"No valid campaign in {folder}/: nothing to run.");
            return 1;
        }
        AnsiConsole.MarkupLine($"Loaded [bold]{set.Campaigns.Count}[/] campaign(s) from {folder}/: {string.Join(", ", set.Campaigns.Select(c => c.Id))}");

        var store = services.GetRequiredService<ICustomerStore>();
        var existing = await store.CountCustomersAsync(ct);
        if (existing == 0) await SimulateCommand.LoadAsync(services, customers, seed, ct);
        else AnsiConsole.MarkupLine($"The store already holds [bold]{existing:N0}[/] customers; using them.");

        var executor = services.GetRequiredService<RunExecutor>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var runId = $"demo-{now:yyyyMMdd-HHmmss}";
        var outbox = services.GetRequiredService<OutboxWriter>().Path;
        var (sent, deferred) = (0L, 0L);
        foreach (var campaign in set.Campaigns.OrderByDescending(c => c.Priority))
        {
            AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(campaign.Name)}[/] ({campaign.Id}, priority {campaign.Priority})").LeftJustified());
            RunStatus status = null!;
            await AnsiConsole.Status().StartAsync("planning and sending...", async progress =>
            {
                status = await executor.RunNowAsync(campaign, runId, "manual", new Progress<RunProgress>(p =>
                    progress.Status($"{p.Planned:N0} customers planned, {p.Dispatched:N0} decided")), ct);
            });
            AnsiConsole.Write(RunView.Counters(status));
            (sent, deferred) = (sent + status.Sent, deferred + status.Deferred);
            if (LastBody(outbox, campaign.Id, runId) is { } body) AnsiConsole.Write(new Panel(Markup.Escape(body)).Header("one message sent"));
        }

        AnsiConsole.MarkupLine($"Touches sent were written to [bold]{Markup.Escape(outbox)}[/] ({File.ReadLines(outbox).Count():N0} line(s) in all).");
        // Quiet hours follow the clock: run at night in the customers' time zones, the demo defers nearly everything.
        if (deferred > sent)
            AnsiConsole.MarkupLine("[yellow]Most touches were deferred: it is quiet hours for most customers now (config/limits.json, Limits:QuietHours). " +
                                   "They go out when the quiet hours end; to see them sent now, run the demo again with " +
                                   "[bold]Limits__QuietHours__Enabled=false[/].[/]");
        AnsiConsole.MarkupLine("[grey]Deferred and capped touches and later sequence steps wait in the touch queue: [bold]outreach start[/] sends them when due; " +
                               "[bold]outreach runs list[/] shows every run.[/]");
        return 0;
    }

    /// <summary>
    /// The body of the newest message this run of the campaign wrote to the outbox, to show what customers receive; none
    /// when the run sent nothing (an earlier run's message would mislead).
    /// </summary>
    private static string? LastBody(string outbox, string campaignId, string runId)
    {
        if (!File.Exists(outbox)) return null;
        string? body = null;
        // Touch ids are campaign/run/step/customer.
        var ofThisRun = $"\"touch_id\":\"{campaignId}/{runId}/";
        foreach (var line in File.ReadLines(outbox))
        {
            if (!line.Contains(ofThisRun, StringComparison.Ordinal)) continue;
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                body = json.RootElement.GetProperty("body").GetString();
            }
            catch (System.Text.Json.JsonException)
            {
                // A torn last line (a process killed mid-write) is not a message.
            }
        }
        return body;
    }
}
