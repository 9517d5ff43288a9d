using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Engine.Preview;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary><c>outreach preview &lt;campaign&gt;</c>: audience size, variant split and sample messages for real customers. Sends nothing.</summary>
public static class PreviewCommand
{
    public static Command Create()
    {
        var campaignArg = new Argument<string>("campaign") { Description = "Campaign id (from the campaigns folder) or a campaign file" };
        var samples = new Option<int>("--samples") { Description = "Sample messages per variant", DefaultValueFactory = _ => 2 };
        var command = new Command("preview", "Show a campaign's audience, variant split and sample messages without sending") { campaignArg, samples };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OutreachHost.StartAsync(parse.GetValue(CommonOptions.Config)!, ct);
            if (CampaignLookup.Find(parse.GetValue(campaignArg)!, services.CampaignsPath()) is not { } campaign) return 1;
            await PreviewAsync(services, campaign, parse.GetValue(samples), ct);
            return 0;
        });
        return command;
    }

    private static async Task PreviewAsync(IServiceProvider services, Campaign campaign, int samplesPerVariant, CancellationToken ct)
    {
        var previewer = services.GetRequiredService<CampaignPreviewer>();
        CampaignPreview preview = null!;
        await AnsiConsole.Status().StartAsync("reading the audience...", async status =>
            preview = await previewer.PreviewAsync(campaign, samplesPerVariant,
                new Progress<long>(read => status.Status($"reading the audience... {read:N0}")), ct));

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(campaign.Name)}[/] ({campaign.Id}): audience [bold]{preview.Audience:N0}[/] as of {preview.At:yyyy-MM-dd HH:mm} UTC");
        var table = new Table().AddColumns("variant", "weight", "channels", "customers", "share");
        foreach (var arm in preview.Arms)
            table.AddRow(arm.Name, $"{arm.Weight}%", arm.Holdout ? "-" : string.Join(" → ", arm.Channels.Select(c => c.ToName())),
                $"{arm.Customers:N0}", preview.Audience == 0 ? "-" : $"{100 * preview.Share(arm):F1}%");
        AnsiConsole.Write(table);

        foreach (var sample in preview.Samples)
        {
            // The variant's first channel: the one most customers get.
            var message = sample.Messages[0];
            var text = (message.Subject is { } subject ? $"Subject: {subject}\n" : "") + message.Body;
            AnsiConsole.Write(new Panel(Markup.Escape(text))
                .Header($"{sample.Variant.Name} · {message.Channel.ToName()} · {Markup.Escape(sample.Profile.Customer.Name ?? sample.Profile.Customer.Id)} ({sample.Profile.Pool})"));
        }
        if (preview.Audience == 0) AnsiConsole.MarkupLine("[yellow]Nobody matches the audience. Load customers with `outreach simulate` or `outreach import`.[/]");
    }
}
