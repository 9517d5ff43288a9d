using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Engine.Runs;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outreach runs</c>: campaign runs and their live counters, and pause, resume and cancel. Runs live in the database,
/// so this works against a running engine (or a cluster of them) from any machine with the same configuration.
/// </summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var campaignFilter = new Argument<string?>("campaign") { Description = "Only this campaign's runs", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first", DefaultValueFactory = _ => 20 };
        var list = new Command("list", "The newest runs with their phase and counters") { campaignFilter, limit };
        list.SetAction(async (parse, ct) =>
        {
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            var runs = await services.GetRequiredService<RunControl>().ListAsync(parse.GetValue(campaignFilter), parse.GetValue(limit), ct);
            if (runs.Count == 0) AnsiConsole.MarkupLine("No runs yet: [bold]outreach run <campaign>[/] starts one; [bold]outreach start[/] runs the schedule.");
            else AnsiConsole.Write(RunView.List(runs));
            return 0;
        });

        var command = new Command("runs", "Campaign runs: list, status, pause, resume, cancel")
        {
            list,
            Acting("status", "One run's phase and counters", (control, c, r, ct) => Status(control, c, r, ct)),
            Acting("pause", "Hold a run: nothing more of it is sent until it is resumed", (control, c, r, ct) => Show(control.PauseAsync(c, r, ct))),
            Acting("resume", "Let a paused run go on", (control, c, r, ct) => Show(control.ResumeAsync(c, r, ct))),
            Acting("cancel", "Stop a run for good: nothing of it not yet sent will be", (control, c, r, ct) => Show(control.CancelAsync(c, r, ct))),
        };
        return command;
    }

    private static Command Acting(string name, string description, Func<RunControl, string, string, CancellationToken, Task<int>> act)
    {
        var campaign = new Argument<string>("campaign") { Description = "Campaign id" };
        var run = new Argument<string>("run-id") { Description = "Run id (see outreach runs list)" };
        var command = new Command(name, description) { campaign, run };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            return await act(services.GetRequiredService<RunControl>(), parse.GetValue(campaign)!, parse.GetValue(run)!, ct);
        });
        return command;
    }

    private static async Task<int> Status(RunControl control, string campaign, string run, CancellationToken ct)
    {
        if (await control.GetAsync(campaign, run, ct) is not { } status)
        {
            Console.Error.WriteLine($"Campaign {campaign} has no run '{run}' (outreach runs list {campaign} shows its runs).");
            return 2;
        }
        AnsiConsole.Write(RunView.Counters(status));
        return 0;
    }

    private static async Task<int> Show(Task<RunControlResult> change)
    {
        var result = await change;
        if (!result.Done)
        {
            Console.Error.WriteLine(result.Message);
            return 2;
        }
        AnsiConsole.MarkupLine($"{Markup.Escape(result.Message)}: {result.TouchesMoved:N0} touch(es) changed.");
        if (result.Status is { } status) AnsiConsole.Write(RunView.Counters(status));
        return 0;
    }
}
