namespace Outreach.Campaigns.Language;

/// <summary>
/// The keys one kind of YAML block accepts, and the shapes of the blocks nested under them.
/// The loader rejects every other key; <c>campaigns/schema.json</c> must describe the same keys.
/// </summary>
public sealed class MappingShape
{
    private readonly Dictionary<string, MappingShape> nested = [];

    private MappingShape(string title, IReadOnlyList<string> keys, bool acceptsAnyKey)
    {
        Title = title;
        Keys = keys;
        AcceptsAnyKey = acceptsAnyKey;
    }

    /// <summary>How messages name the block, e.g. "the campaign" or "a variant".</summary>
    public string Title { get; }

    public IReadOnlyList<string> Keys { get; }

    /// <summary>True for free-form blocks such as <c>offer</c>, whose keys the marketer chooses.</summary>
    public bool AcceptsAnyKey { get; }

    /// <summary>Keys whose value is a block (or a list of blocks) of another shape.</summary>
    public IReadOnlyDictionary<string, MappingShape> Nested => nested;

    public static MappingShape Of(string title, params string[] keys) => new(title, keys, acceptsAnyKey: false);

    public static MappingShape Open(string title) => new(title, [], acceptsAnyKey: true);

    public bool Accepts(string key) => AcceptsAnyKey || Keys.Contains(key);

    // Shapes refer to each other (an audience holds audiences), so links are added after construction.
    internal MappingShape Nest(string key, MappingShape shape)
    {
        if (!Keys.Contains(key)) throw new ArgumentException($"{Title} has no key '{key}'.", nameof(key));
        nested[key] = shape;
        return this;
    }
}
