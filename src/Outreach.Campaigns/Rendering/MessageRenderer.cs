using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Rendering;

/// <summary>
/// Renders a variant's message for one customer with Fluid (Liquid). Each message is compiled once, on first use,
/// and reused for every customer; a value that is missing renders as nothing.
/// </summary>
public sealed class MessageRenderer
{
    private static readonly FluidParser Parser = new();

    // Keyed by the template instance, which belongs to one campaign, variant and channel: a reloaded campaign
    // brings new instances and so is compiled afresh, and entries go away with the campaigns they belong to.
    private readonly ConditionalWeakTable<MessageTemplate, CompiledMessage> compiled = new();

    // What every customer of a campaign shares (offer, campaign, time zone) is worked out once, in options whose
    // scope every render reads; keyed by the campaign instance, so a reloaded campaign gets fresh values.
    private readonly ConditionalWeakTable<Campaign, TemplateOptions> shared = new();
    private int compilations;

    /// <summary>How many messages have been compiled so far (each once, however many customers it is rendered for).</summary>
    public int Compilations => compilations;

    public RenderedMessage Render(Campaign campaign, CampaignVariant variant, Channel channel, CustomerProfile profile)
    {
        if (!variant.Messages.TryGetValue(channel, out var template))
            throw new ArgumentException($"Variant '{variant.Name}' of campaign '{campaign.Id}' has no {channel.ToName()} message; the loader guarantees one for every channel it uses.", nameof(channel));

        var message = compiled.GetValue(template, Compile);
        var context = Context(campaign, variant, profile);
        return new RenderedMessage(
            channel,
            message.Body.Render(context, NullEncoder.Default),
            message.Subject?.Render(context, NullEncoder.Default),
            message.Html?.Render(context, HtmlEncoder.Default),
            template.TemplateId,
            template.Voice,
            template.Language);
    }

    /// <summary>Only the customer's values are new for each render, and those are read from the profile as the template asks.</summary>
    private TemplateContext Context(Campaign campaign, CampaignVariant variant, CustomerProfile profile)
    {
        var options = shared.GetValue(campaign, Share);
        var context = new TemplateContext(options) { Now = () => profile.AsOf };
        context.SetValue("customer", new DictionaryValue(new CustomerValues(profile, options)));
        context.SetValue("variant", variant.Name);
        return context;
    }

    private static TemplateOptions Share(Campaign campaign)
    {
        var options = new TemplateOptions { CultureInfo = CultureInfo.InvariantCulture };
        if (TimeZoneInfo.TryFindSystemTimeZoneById(campaign.TimeZone, out var zone)) options.TimeZone = zone;
        // Copied into a Dictionary, the shape Fluid reads as an object whatever dictionary type the campaign holds.
        options.Scope.SetValue("offer", FluidValue.Create(new Dictionary<string, object?>(campaign.Offer), options));
        options.Scope.SetValue("campaign", FluidValue.Create(TemplateValues.Campaign(campaign), options));
        return options;
    }

    private CompiledMessage Compile(MessageTemplate template)
    {
        Interlocked.Increment(ref compilations);
        return new CompiledMessage(Parse(template.Body), template.Subject is { } subject ? Parse(subject) : null, template.Html is { } html ? Parse(html) : null);
    }

    private static IFluidTemplate Parse(string text) =>
        Parser.TryParse(text, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"A message template does not parse ({error}); campaigns must come through CampaignLoader, which rejects it.");

    private sealed record CompiledMessage(IFluidTemplate Body, IFluidTemplate? Subject, IFluidTemplate? Html);
}
