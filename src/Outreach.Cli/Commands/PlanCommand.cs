using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Campaigns;
using Outreach.Core;
using Outreach.Engine.Planning;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outreach plan [--days N] [--json]</c>: a forecast of every campaign due in the next days — audience, customers lost
/// at each gate and to each cap, touches per channel and their cost. Sends and writes nothing; a broken campaign file
/// fails it (exit 1), so it fits CI on a campaigns repository.
/// </summary>
public static class PlanCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Campaign names are often Chinese: keep them readable. The output is a JSON document, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new DurationConverter() },
    };

    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "How many days ahead to forecast (1-366)", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "Print the forecast as JSON (for CI) instead of tables" };
        var command = new Command("plan", "Forecast what the campaigns would do in the next days, without sending or writing anything") { days, json };
        command.SetAction(async (parse, ct) =>
        {
            var window = parse.GetValue(days);
            if (window is < ForecastOptions.MinDays or > ForecastOptions.MaxDays)
            {
                Console.Error.WriteLine($"--days must be between {ForecastOptions.MinDays} and {ForecastOptions.MaxDays}, not {window}.");
                return 2;
            }
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            return await RunAsync(services, window, parse.GetValue(json), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int days, bool asJson, CancellationToken ct)
    {
        var folder = services.CampaignsPath();
        var set = services.GetRequiredService<CampaignLoader>().LoadDirectory(folder);
        if (!set.IsValid)
        {
            foreach (var diagnostic in set.Diagnostics) Console.Error.WriteLine(diagnostic);
            Console.Error.WriteLine($"{set.Diagnostics.Count} problem(s) in {set.Diagnostics.Select(d => d.File).Distinct().Count()} campaign file(s): " +
                                    "no plan until they are fixed.");
            return 1;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var options = new ForecastOptions(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), days);
        var forecast = await ForecastAsync(services.GetRequiredService<CampaignForecaster>(), set, options, ct);

        if (asJson) Console.Out.WriteLine(JsonSerializer.Serialize(forecast, Json));
        else Show(forecast, folder);
        return 0;
    }

    /// <summary>Shows a status line on stderr while deciding, when stderr is a terminal; stdout stays clean for the plan.</summary>
    private static async Task<Forecast> ForecastAsync(CampaignForecaster forecaster, CampaignSetResult set, ForecastOptions options, CancellationToken ct)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected || !stderr.Profile.Capabilities.Interactive)
            return await forecaster.ForecastAsync(set.Campaigns, options, progress: null, ct);

        Forecast forecast = null!;
        await stderr.Status().StartAsync("planning...", async status =>
        {
            var progress = new Progress<ForecastProgress>(p => status.Status(
                $"planning {p.Pass}/{p.Passes}: {Markup.Escape(p.CampaignId)} {Markup.Escape(p.Step)} at {p.At:yyyy-MM-dd HH:mm}Z, {p.CustomersDecided:N0} customers"));
            forecast = await forecaster.ForecastAsync(set.Campaigns, options, progress, ct);
        });
        return forecast;
    }

    private static void Show(Forecast forecast, string folder)
    {
        // A CI log has no width: do not squeeze the tables into 80 columns there.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        AnsiConsole.MarkupLine($"[bold]Plan[/] for {forecast.From:yyyy-MM-dd HH:mm} → {forecast.Until:yyyy-MM-dd HH:mm} UTC " +
                               $"({(forecast.Until - forecast.From).TotalDays:0} days), {forecast.Campaigns.Count} campaign(s) from {Markup.Escape(folder)}/. " +
                               "Nothing is sent or written.");
        var columns = Columns.Of(forecast);
        if (columns.CapRules.Count > 0)
            AnsiConsole.MarkupLine("Caps that hold customers back: " +
                                   string.Join(" · ", columns.CapRules.Select((rule, i) => $"[bold]cap {i + 1}[/] = {Markup.Escape(rule)}")));

        foreach (var campaign in forecast.Campaigns)
        {
            AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(campaign.Name)}[/] ({Markup.Escape(campaign.CampaignId)}, priority {campaign.Priority}) · " +
                                       Markup.Escape(campaign.Runs)).LeftJustified());
            var passes = forecast.Occurrences.Where(o => o.CampaignId == campaign.CampaignId).ToList();
            if (passes.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no occurrence in the plan's window[/]");
                continue;
            }
            var zone = TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZone);
            var table = columns.Table(["when (" + campaign.TimeZone + ")", "step"]);
            foreach (var pass in passes) table.AddRow([When(pass, zone), Markup.Escape(pass.Step) + (pass.Approximate ? " ~" : ""), .. columns.Cells(pass.Counts)]);
            AnsiConsole.Write(table);
        }

        AnsiConsole.Write(new Rule("[bold]Totals[/]").LeftJustified());
        var totals = columns.Table(["campaign", "runs"]);
        foreach (var campaign in forecast.Campaigns)
            totals.AddRow([Markup.Escape(campaign.CampaignId), campaign.Occurrences.ToString("N0"), .. columns.Cells(campaign.Counts)]);
        totals.AddRow(["[bold]all campaigns[/]", forecast.Campaigns.Sum(c => c.Occurrences).ToString("N0"),
            .. columns.Cells(forecast.Totals).Select(cell => $"[bold]{cell}[/]")]);
        AnsiConsole.Write(totals);

        AnsiConsole.MarkupLine($"Expected: [bold]{forecast.Totals.TotalTouches:N0}[/] touch(es) costing [bold]{Money(forecast.Totals.TotalCost)} {forecast.Currency}[/]" +
                               (forecast.Totals.Touches.Count > 0
                                   ? " (" + string.Join(", ", forecast.Totals.Touches.Select(t => $"{t.Key} {t.Value:N0}")) + ")."
                                   : "."));
        AnsiConsole.MarkupLine("[grey]Quiet hours and caps: customers deferred at that pass (their later delivery is not forecast) + those dropped. ~ marks an approximate pass. The numbers assume:[/]");
        foreach (var assumption in forecast.Assumptions) AnsiConsole.MarkupLine($"[grey]  - {Markup.Escape(assumption)}[/]");
    }

    private static string When(OccurrenceForecast pass, TimeZoneInfo zone) => pass.Kind == OccurrenceKind.OnEvent && pass.StepIndex == 0
        ? "on event (eligible now)"
        : TimeZoneInfo.ConvertTime(pass.At, zone).ToString("ddd MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>The count columns every table of one plan shares: the gates, each cap rule that held anyone back, each channel used.</summary>
    private sealed record Columns(IReadOnlyList<string> CapRules, IReadOnlyList<string> Channels, bool ListsUnreadable, string Currency)
    {
        public static Columns Of(Forecast forecast) => new(
            forecast.Totals.Caps.Keys.ToList(),
            ChannelNames.All.Where(forecast.Totals.Touches.ContainsKey).ToList(),
            forecast.Totals.ListsUnreadable > 0,
            forecast.Currency);

        public Table Table(IEnumerable<string> leading)
        {
            var table = new Table().Border(TableBorder.Simple);
            foreach (var header in leading) table.AddColumn(new TableColumn(Markup.Escape(header)).NoWrap());
            var counts = new List<string> { "audience", "held out", "suppressed", "not allowed", "unreachable", "quiet hours" };
            if (ListsUnreadable) counts.Add("lists unreadable");
            counts.AddRange(CapRules.Select((_, i) => $"cap {i + 1}"));
            counts.AddRange(Channels);
            counts.Add("cost " + Currency);
            foreach (var header in counts) table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned().NoWrap());
            return table;
        }

        public IEnumerable<string> Cells(ForecastCounts counts)
        {
            yield return counts.Audience.ToString("N0");
            yield return counts.HeldOut.ToString("N0");
            yield return counts.Suppressed.ToString("N0");
            yield return counts.NotAllowed.ToString("N0");
            yield return counts.Unreachable.ToString("N0");
            yield return Lost(counts.QuietHours, counts.QuietHoursDropped);
            if (ListsUnreadable) yield return counts.ListsUnreadable.ToString("N0");
            foreach (var rule in CapRules)
                yield return counts.Caps.TryGetValue(rule, out var loss) ? Lost(loss.Total, loss.Dropped) : "0";
            foreach (var channel in Channels) yield return counts.Touches.GetValueOrDefault(channel).ToString("N0");
            yield return Money(counts.TotalCost);
        }

        // Deferred ones would go later, which the plan does not follow; dropped ones never go.
        private static string Lost(long total, long dropped) => (total - dropped, dropped) switch
        {
            (_, 0) => total.ToString("N0"),
            (0, _) => $"{dropped:N0} dropped",
            var (deferred, _) => $"{deferred:N0} + {dropped:N0} dropped",
        };
    }

    /// <summary>Durations as the campaign language and config write them (<c>30d</c>), not as <c>30.00:00:00</c>.</summary>
    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Duration.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteStringValue(Duration.Format(value));
    }
}
