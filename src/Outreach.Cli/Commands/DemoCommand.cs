using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Campaigns;
using Outreach.Channels.Outbox;
using Outreach.Core;
using Outreach.Engine.Pipeline;
using Outreach.Storage;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outreach demo</c>: the main job on whatever is configured (by default SQLite, the in-process limiter and the
/// outbox): load the campaigns, seed simulated customers into an empty store, run every campaign once and show each
/// touch being decided and written.
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
        var folder = services.CampaignsPath();
        var set = services.GetRequiredService<CampaignLoader>().LoadDirectory(folder);
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

        var runner = services.GetRequiredService<CampaignRunner>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var runId = $"demo-{now:yyyyMMdd-HHmmss}";
        foreach (var campaign in set.Campaigns.OrderByDescending(c => c.Priority))
        {
            AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(campaign.Name)}[/] ({campaign.Id}, priority {campaign.Priority})").LeftJustified());
            var examples = new Dictionary<TouchOutcome, TouchDecision>();
            var counters = new RunCounters();
            var decided = 0;
            RunSummary summary = null!;
            await AnsiConsole.Status().StartAsync("deciding...", async status =>
            {
                summary = await runner.RunAsync(campaign, new RunOptions(runId), decision =>
                {
                    examples.TryAdd(decision.Outcome, decision);
                    if (++decided % 250 == 0) status.Status($"deciding... {decided:N0} customers, {counters[TouchOutcome.Sent]:N0} sent");
                    return ValueTask.CompletedTask;
                }, counters, ct);
            });
            Show(summary, examples.Values);
        }

        var outbox = services.GetRequiredService<OutboxWriter>().Path;
        AnsiConsole.MarkupLine($"Touches sent were written to [bold]{Markup.Escape(outbox)}[/] ({File.ReadLines(outbox).Count():N0} line(s) in all).");
        AnsiConsole.MarkupLine("[grey]Deferred and capped touches are recorded with the moment they may go; sequences' later steps and re-queuing arrive with the scheduler.[/]");
        return 0;
    }

    private static void Show(RunSummary summary, IEnumerable<TouchDecision> examples)
    {
        var counts = new Table().AddColumns("audience", summary.Counters.Audience.ToString("N0"));
        foreach (var (outcome, count) in summary.Counters.Snapshot()) counts.AddRow(outcome.ToString().ToLowerInvariant(), count.ToString("N0"));
        AnsiConsole.Write(counts);

        var table = new Table().AddColumns("customer", "outcome", "variant", "channel", "why");
        foreach (var decision in examples.OrderBy(d => d.Outcome))
            table.AddRow(decision.CustomerId, decision.Outcome.ToString().ToLowerInvariant(), decision.Variant ?? "",
                decision.Channel?.ToName() ?? "", Markup.Escape(decision.Reason));
        AnsiConsole.Write(table);

        if (examples.FirstOrDefault(d => d.Outcome == TouchOutcome.Sent)?.Message is { } message)
            AnsiConsole.Write(new Panel(Markup.Escape(message.Body)).Header($"sent on {message.Channel.ToName()}"));
    }
}
