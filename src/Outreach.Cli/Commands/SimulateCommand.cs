using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Simulation;
using Outreach.Storage;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary><c>outreach simulate --customers N --seed S</c>: loads realistic synthetic customers with purchase histories.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "How many customers", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "Same seed, same customers", DefaultValueFactory = _ => 42 };
        var command = new Command("simulate", "Load simulated customers (deterministic for a seed) into the customer store") { customers, seed };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(customers);
            if (count <= 0)
            {
                Console.Error.WriteLine($"--customers must be a positive number, not {count}.");
                return 2;
            }
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            // Simulated ids repeat across seeds and counts: loading over them would keep the earlier purchase events beside
            // the new totals, so each customer's totals would disagree with its own events.
            if (await services.GetRequiredService<ICustomerStore>().CountCustomersAsync(ct) is > 0 and var existing)
            {
                Console.Error.WriteLine($"The store already holds {existing:N0} customers; simulate loads into an empty store only, so two " +
                                        "populations never mix. Remove data/ (or point Storage:SqlitePath or Storage:PostgresConnectionString " +
                                        "at an empty database) and run it again.");
                return 1;
            }
            await LoadAsync(services, count, parse.GetValue(seed), ct);
            return 0;
        });
        return command;
    }

    /// <summary>Generates and bulk-loads <paramref name="count"/> customers, showing progress.</summary>
    public static async Task LoadAsync(IServiceProvider services, int count, long seed, CancellationToken ct)
    {
        var store = services.GetRequiredService<ICustomerStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var stopwatch = Stopwatch.StartNew();

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"simulating {count:N0} customers (seed {seed})", maxValue: count);
                var rows = CustomerSimulator.Generate(new SimulationOptions { Count = count, Seed = seed, Now = now })
                    .Select(s => (s.Customer, s.Purchases, s.Events))
                    .ToAsyncEnumerable();
                await store.BulkLoadAsync(rows, new Progress<long>(done => task.Value = done), ct);
                task.Value = count;
            });

        AnsiConsole.MarkupLine($"[green]{count:N0} customers loaded in {stopwatch.Elapsed.TotalSeconds:F1} s[/] " +
                               $"({count / Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001):N0}/s); the store now holds {await store.CountCustomersAsync(ct):N0}.");
    }
}
