using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core;
using Outreach.Engine.Results;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary><c>outreach results &lt;campaign&gt;</c>: what the campaign achieved per variant and holdout, the winner and the stop rule.</summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var campaignArg = new Argument<string>("campaign") { Description = "Campaign id (from the campaigns folder) or a campaign file" };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON (as GET /campaigns/{id}/results returns them)" };
        var command = new Command("results", "Show a campaign's results: conversion per variant and holdout, uplift, significance, cost and ROI") { campaignArg, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            if (CampaignLookup.Find(parse.GetValue(campaignArg)!, services.CampaignsPath()) is not { } campaign) return 1;
            var calculator = services.GetRequiredService<ResultsCalculator>();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(await calculator.ComputeAsync(campaign, ct), Json));
                return 0;
            }
            CampaignResults? results = null;
            await AnsiConsole.Status().StartAsync("reading the campaign's touches and goal events...", async _ => results = await calculator.ComputeAsync(campaign, ct));
            Show(results!);
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Campaign names are often Chinese: keep them readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static void Show(CampaignResults results)
    {
        var goal = results.GoalEvent is { } goalEvent ? $"goal '{goalEvent}' within {Duration.Format(results.GoalWindow!.Value)} of a touch" : "no goal";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(results.CampaignName)}[/] ({Markup.Escape(results.CampaignId)}): {Markup.Escape(goal)}, as of {results.AsOf:yyyy-MM-dd HH:mm} UTC");
        if (results.Arms.Count == 0)
        {
            AnsiConsole.MarkupLine("[yellow]Nobody has been decided for this campaign yet: run it (`outreach run`) or wait for its schedule or trigger.[/]");
            return;
        }

        var table = new Table().AddColumns("arm", "assigned", "touched", "delivered", "converted", "rate (95% CI)",
            $"revenue {results.Currency}", "per customer", "cost", "ROI");
        foreach (var arm in results.Arms)
        {
            var name = arm.Name == results.Winner.Winner ? $"[green bold]{Markup.Escape(arm.Name)} ★[/]" : Markup.Escape(arm.Name);
            table.AddRow(name, $"{arm.Assigned:N0}", $"{arm.Touched:N0}", $"{arm.Delivered:N0}", $"{arm.Converted:N0}",
                $"{Percent(arm.ConversionRate)} ({Percent(arm.Interval.Low)}–{Percent(arm.Interval.High)})",
                Money(arm.Revenue), Money(arm.RevenuePerCustomer), Money(arm.Cost), Ratio(arm.Roi));
        }
        AnsiConsole.Write(table);

        var comparisons = new Table().AddColumns("variant", "against", "uplift", "difference", "p (z-test)", "p (always valid)");
        foreach (var arm in results.Arms)
            foreach (var comparison in new[] { arm.VsHoldout, arm.VsBestOther }.OfType<Comparison>())
                comparisons.AddRow(Markup.Escape(arm.Name), Markup.Escape(comparison.Against),
                    comparison.Uplift is { } uplift ? Signed(uplift) : "-", Signed(comparison.Difference),
                    Number(comparison.PValue), Number(comparison.SequentialPValue));
        if (comparisons.Rows.Count > 0) AnsiConsole.Write(comparisons);
        AnsiConsole.MarkupLine("[grey]The z-test's p holds for one look at a sample size fixed in advance; the always-valid p holds however often you look, and winners are declared by it.[/]");
        AnsiConsole.MarkupLine($"Touches {results.Touches:N0}, cost {Money(results.Cost)}, revenue {Money(results.Revenue)} {results.Currency}, ROI {Ratio(results.Roi)}");
        AnsiConsole.MarkupLine(results.Winner.Winner is { } winner
            ? $"[green]Winner: {Markup.Escape(winner)}[/] — {Markup.Escape(results.Winner.Reason)}"
            : $"No winner: {Markup.Escape(results.Winner.Reason)}");
        if (results.StopRule is { } rule)
            AnsiConsole.MarkupLine(rule.Tripped
                ? $"[red]Stop rule: {Markup.Escape(rule.Message)}; a running engine pauses its runs.[/]"
                : $"Stop rule (min_roi {Number(rule.MinRoi)} after {rule.AfterTouches:N0} touches): {Markup.Escape(rule.Message)}");
    }

    private static string Signed(double rate) => (rate >= 0 ? "+" : "") + Percent(rate);

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Money(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Number(double value) => value < 0.0001 ? "<0.0001" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
