using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Campaigns.Rendering;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Storage;
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
        var store = services.GetRequiredService<ICustomerStore>();
        var renderer = services.GetRequiredService<MessageRenderer>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var split = new Dictionary<string, long>();
        var samples = new List<(CampaignVariant Variant, CustomerProfile Profile)>();
        long audience = 0;
        await AnsiConsole.Status().StartAsync("reading the audience...", async status =>
        {
            // Assignment is a hash: the exact split costs one pass over the audience and no writes.
            await foreach (var batch in store.StreamAudienceAsync(campaign.Audience, now, 2000, ct))
            {
                foreach (var profile in batch)
                {
                    var variant = VariantAssigner.Assign(campaign, profile.Customer.Id);
                    var name = variant?.Name ?? "holdout";
                    split[name] = split.GetValueOrDefault(name) + 1;
                    if (variant is not null && samples.Count(s => s.Variant == variant) < samplesPerVariant) samples.Add((variant, profile));
                }
                audience += batch.Count;
                status.Status($"reading the audience... {audience:N0}");
            }
        });

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(campaign.Name)}[/] ({campaign.Id}): audience [bold]{audience:N0}[/] as of {now:yyyy-MM-dd HH:mm} UTC");
        var table = new Table().AddColumns("variant", "weight", "channels", "customers", "share");
        foreach (var variant in campaign.Variants)
            table.AddRow(variant.Name, $"{variant.Weight}%", string.Join(" → ", variant.Channels.Select(c => c.ToName())),
                $"{split.GetValueOrDefault(variant.Name):N0}", Share(split.GetValueOrDefault(variant.Name), audience));
        table.AddRow("holdout", $"{campaign.HoldoutPercent}%", "-", $"{split.GetValueOrDefault("holdout"):N0}", Share(split.GetValueOrDefault("holdout"), audience));
        AnsiConsole.Write(table);

        foreach (var (variant, profile) in samples)
        {
            var channel = variant.Channels[0];
            var message = renderer.Render(campaign, variant, channel, profile);
            var text = (message.Subject is { } subject ? $"Subject: {subject}\n" : "") + message.Body;
            AnsiConsole.Write(new Panel(Markup.Escape(text))
                .Header($"{variant.Name} · {channel.ToName()} · {Markup.Escape(profile.Customer.Name ?? profile.Customer.Id)} ({profile.Pool})"));
        }
        if (audience == 0) AnsiConsole.MarkupLine("[yellow]Nobody matches the audience. Load customers with `outreach simulate` or `outreach import`.[/]");
    }

    private static string Share(long part, long whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F1}%";
}
