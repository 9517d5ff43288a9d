using Outreach.Campaigns.Language;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>
/// A YAML block read against its <see cref="MappingShape"/>: unknown keys are reported when it is opened,
/// known ones are handed out by name.
/// </summary>
internal sealed class MappingReader
{
    private readonly List<(string Name, YamlScalarNode Key, YamlNode Value)> entries = [];

    private MappingReader(ReadContext context, MappingShape shape, YamlNode anchor)
    {
        Context = context;
        Shape = shape;
        Anchor = anchor;
    }

    public ReadContext Context { get; }
    public MappingShape Shape { get; }

    /// <summary>Where problems of the block as a whole point, such as a missing key: the key that holds the block.</summary>
    public YamlNode Anchor { get; }

    /// <summary>The known keys in the order they were written.</summary>
    public IReadOnlyList<(string Name, YamlScalarNode Key, YamlNode Value)> Entries => entries;

    public YamlNode? this[string key] => entries.Find(e => e.Name == key).Value;

    public YamlScalarNode KeyNode(string key) => entries.First(e => e.Name == key).Key;

    /// <summary>Opens <paramref name="node"/> as a block of <paramref name="shape"/>, or reports why it is not one.</summary>
    public static MappingReader? Open(ReadContext context, YamlNode node, MappingShape shape, string key, YamlNode anchor)
    {
        if (node is not YamlMappingNode mapping)
        {
            var expected = shape.AcceptsAnyKey ? "a block of name: value lines" : $"a block of settings ({string.Join(", ", shape.Keys)})";
            context.Error(node, $"{key} must be {expected}, not {ValueReading.Shown(node)}.");
            return null;
        }

        var reader = new MappingReader(context, shape, anchor);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name } scalar)
                context.Error(keyNode, $"Keys in {shape.Title} must be plain words.");
            else if (shape.Accepts(name))
                reader.entries.Add((name, scalar, value));
            else
                context.Error(keyNode, UnknownKey(name, shape));
        }
        return reader;
    }

    /// <summary>The value of a key the block cannot do without; if it is missing, <paramref name="message"/> says what to add.</summary>
    public YamlNode? Required(string key, string message)
    {
        if (this[key] is { } value) return value;
        Context.Error(Anchor, message);
        return null;
    }

    public MappingReader? Block(string key) =>
        this[key] is { } value ? Open(Context, value, Shape.Nested[key], key, KeyNode(key)) : null;

    private static string UnknownKey(string name, MappingShape shape)
    {
        if (Suggestions.Closest(name, shape.Keys) is { } match)
            return $"Unknown key '{name}' in {shape.Title}; did you mean '{match}'?";

        var homes = Homes(name, shape, depth: 2).Distinct().ToList();
        if (homes.Count is 1 or 2)
            return $"Unknown key '{name}' in {shape.Title}; it belongs under {Suggestions.OneOf(homes.Select(h => $"'{h}'"))}.";

        return $"Unknown key '{name}' in {shape.Title}; use one of {string.Join(", ", shape.Keys)}.";
    }

    // Where a key would be valid below this block ("trigger" for delay, "audience: membership" for status).
    private static IEnumerable<string> Homes(string name, MappingShape shape, int depth)
    {
        if (depth == 0) yield break;
        foreach (var (key, child) in shape.Nested)
        {
            if (child == shape) continue;
            if (child.Keys.Contains(name)) yield return key;
            foreach (var deeper in Homes(name, child, depth - 1)) yield return $"{key}: {deeper}";
        }
    }
}
