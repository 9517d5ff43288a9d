using Outreach.Campaigns.Language;
using Outreach.Core;
using Outreach.Core.Campaigns;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>Reads the variants: each one's name, weight, channel order and a Liquid message per channel.</summary>
internal sealed class VariantReader(ReadContext context, TemplateChecker templates)
{
    private static readonly NumberRule Weight = new("a number from 0 to 100", 0, 100);

    /// <summary>A variant as read, with where it is and whether its weight was written.</summary>
    private sealed record ReadVariant(CampaignVariant Variant, YamlNode Anchor, bool HasWeight);

    public IReadOnlyList<CampaignVariant> ReadAll(MappingReader campaign)
    {
        if (campaign.Required("variants", "The campaign needs variants: at least one, with the message to send on each channel.") is not { } node) return [];
        if (context.List(node, "variants", "one '- name: ...' entry per variant") is not { } items) return [];

        var variants = items.Select(Read).OfType<ReadVariant>().ToList();
        foreach (var duplicate in variants.Where(v => v.Variant.Name != "").GroupBy(v => v.Variant.Name).SelectMany(g => g.Skip(1)))
            context.Error(duplicate.Anchor, $"Another variant is already called '{duplicate.Variant.Name}'; give each variant its own name.");
        return Weighted(variants, campaign.KeyNode("variants"));
    }

    private ReadVariant? Read(YamlNode item)
    {
        if (MappingReader.Open(context, item, CampaignLanguage.Variant, "Each variant", item) is not { } variant) return null;

        var name = variant.Required("name", "Every variant needs a name, such as plain or trial-offer.") is { } nameNode ? context.Text(nameNode, "name") : null;
        var called = name is null ? "This variant" : $"Variant '{name}'";
        var weight = variant["weight"] is { } weightNode ? context.Number(weightNode, "weight", Weight) : null;
        variant.Required("messages", $"{called} needs messages: one for each channel it sends on.");
        var messages = variant.Block("messages") is { } block ? Messages(block) : new Dictionary<Channel, MessageTemplate>();

        var channels = variant["channels"] is { } channelsNode
            ? context.WordItems(channelsNode, "channels", "a channel", CampaignLanguage.Channels) ?? []
            : messages.Keys.Select(channel => (channel, (YamlNode)variant.Anchor)).ToList();
        foreach (var (channel, at) in channels.Where(c => !messages.ContainsKey(c.Value)))
            context.Error(at, $"{called} sends on {channel.ToName()} but has no {channel.ToName()} message; add one under its messages.");

        // A variant with problems is still returned, so the checks across variants (weights, names) see all of them.
        var read = new CampaignVariant(name ?? "", weight ?? 0, channels.Select(c => c.Value).Distinct().ToList(), messages);
        return new ReadVariant(read, variant.Anchor, variant["weight"] is not null);
    }

    private Dictionary<Channel, MessageTemplate> Messages(MappingReader messages)
    {
        var templates = new Dictionary<Channel, MessageTemplate>();
        foreach (var (name, key, value) in messages.Entries)
            if (Message(name, key, value) is { } template)
                templates[CampaignLanguage.Channels[name]] = template;
        return templates;
    }

    private MessageTemplate? Message(string channel, YamlScalarNode key, YamlNode value)
    {
        if (value is YamlScalarNode shorthand)
        {
            if (channel == "email")
                context.Error(key, "An email needs a subject, so write it as a block: subject: ... and body: ... under email.");
            return Template(shorthand, $"{channel} message") is { } body ? new MessageTemplate { Body = body } : null;
        }

        if (MappingReader.Open(context, value, CampaignLanguage.Messages.Nested[channel], channel, key) is not { } message) return null;
        var bodyNode = message.Required("body", $"The {channel} message needs a body: the text to send.");
        if (channel == "email") message.Required("subject", "The email message needs a subject.");
        return new MessageTemplate
        {
            Body = bodyNode is not null ? Template(bodyNode, $"{channel} body") ?? "" : "",
            Subject = message["subject"] is { } subject ? Template(subject, $"{channel} subject") : null,
            Html = message["html"] is { } html ? Template(html, $"{channel} html") : null,
            TemplateId = message["template_id"] is { } templateId ? context.Text(templateId, "template_id") : null,
            Voice = message["voice"] is { } voice ? context.Text(voice, "voice") : null,
            Language = message["language"] is { } language ? context.Text(language, "language") : null,
        };
    }

    private string? Template(YamlNode node, string what)
    {
        if (context.Text(node, what) is not { } text) return null;
        templates.Check((YamlScalarNode)node, what);
        return text;
    }

    // Weights are all written and add up to 100, or all left out to split the audience evenly.
    private IReadOnlyList<CampaignVariant> Weighted(IReadOnlyList<ReadVariant> variants, YamlNode variantsKey)
    {
        if (variants.All(v => !v.HasWeight))
            return variants.Select(v => v.Variant with { Weight = 100.0 / variants.Count }).ToList();

        foreach (var unweighted in variants.Where(v => !v.HasWeight))
            context.Error(unweighted.Anchor, $"Variant '{unweighted.Variant.Name}' has no weight; give every variant a weight so they add up to 100, or leave all weights out to split evenly.");
        var total = variants.Sum(v => v.Variant.Weight);
        if (variants.All(v => v.HasWeight) && Math.Abs(total - 100) > 1e-9)
            context.Error(variantsKey, $"The variant weights add up to {total}, but they must add up to 100.");
        return variants.Select(v => v.Variant).ToList();
    }
}
