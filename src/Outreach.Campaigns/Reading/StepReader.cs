using Outreach.Campaigns.Language;
using Outreach.Core;
using Outreach.Core.Campaigns;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>Reads a sequence: each step's name, its wait after the step before, its channels and who it is only for.</summary>
internal sealed class StepReader(ReadContext context)
{
    /// <summary>A step as read, with where it is and the node of each channel it names, so a missing message can be pointed at.</summary>
    public sealed record ReadStep(CampaignStep Step, YamlNode Anchor, IReadOnlyList<(Channel Channel, YamlNode Node)> ChannelNodes);

    public IReadOnlyList<ReadStep> ReadAll(YamlNode node)
    {
        if (context.List(node, "steps", "one '- name: ...' entry per step") is not { } items) return [];
        var steps = items.Select((item, index) => Read(item, index + 1)).OfType<ReadStep>().ToList();
        foreach (var duplicate in steps.GroupBy(s => s.Step.Name).SelectMany(g => g.Skip(1)))
            context.Error(duplicate.Anchor, $"Another step is already called '{duplicate.Step.Name}'; give each step its own name.");
        return steps;
    }

    private ReadStep? Read(YamlNode item, int number)
    {
        if (MappingReader.Open(context, item, CampaignLanguage.Step, "Each step", item) is not { } step) return null;

        var name = step["name"] is { } nameNode ? context.Text(nameNode, "name") : $"step-{number}";
        var wait = step["wait"] is { } waitNode ? context.Duration(waitNode, "wait") : TimeSpan.Zero;
        var channels = step["channels"] is { } channelsNode ? context.WordItems(channelsNode, "channels", "a channel", CampaignLanguage.Channels) : null;
        var only = step["only"] is { } onlyNode ? new AudienceReader(context).Read(onlyNode, "only", step.KeyNode("only"), mustNarrow: true) : null;

        if (name is null || wait is null) return null;
        var stepChannels = channels?.Select(c => c.Value).Distinct().ToList();
        return new ReadStep(new CampaignStep(name, wait.Value, stepChannels, only), item, channels ?? []);
    }
}
