namespace Outreach.Cli.Import;

/// <summary>
/// Where each known column is in the file. Header names are matched ignoring case, surrounding spaces and
/// spaces or hyphens for underscores, so "WeChat OpenID" and "wechat-openid" both find <c>wechat_openid</c>.
/// </summary>
internal sealed class CustomerCsvHeader
{
    private readonly int[] _indexes;

    private CustomerCsvHeader(int[] indexes, int fieldCount, IReadOnlyList<string> warnings)
    {
        _indexes = indexes;
        FieldCount = fieldCount;
        Warnings = warnings;
    }

    /// <summary>How many fields every row must have: as many as the header.</summary>
    public int FieldCount { get; }

    /// <summary>Unknown and repeated columns: worth telling, not worth stopping for.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The field index of <paramref name="column"/>, or -1 when the file does not have it.</summary>
    public int IndexOf(CustomerColumn column) => _indexes[(int)column];

    public static readonly string MissingHeader =
        $"The file has no header row; the first line must name the columns, such as {string.Join(",", CustomerColumns.Names)}.";

    /// <summary>Reads the header row, or says why the file cannot be imported at all.</summary>
    public static (CustomerCsvHeader? Header, string? Problem) Read(IReadOnlyList<string> names)
    {
        if (names.Count == 0 || names.All(string.IsNullOrWhiteSpace))
            return (null, MissingHeader);

        var indexes = Enumerable.Repeat(-1, CustomerColumns.Names.Length).ToArray();
        var warnings = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = Normalize(names[i]);
            var column = Array.IndexOf(CustomerColumns.Names, name);
            if (column < 0)
                warnings.Add($"Column '{names[i].Trim()}' is not known and is ignored{Suggestion(name)}.");
            else if (indexes[column] >= 0)
                warnings.Add($"Column '{name}' appears more than once; only the first is read.");
            else
                indexes[column] = i;
        }

        return indexes[(int)CustomerColumn.Id] < 0
            ? (null, "The header has no 'id' column; every customer needs an id.")
            : (new CustomerCsvHeader(indexes, names.Count, warnings), null);
    }

    // A byte order mark that reached the text would otherwise make the first column unknown.
    private static string Normalize(string name) =>
        name.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static string Suggestion(string name)
    {
        var closest = CustomerColumns.Names.MinBy(known => EditDistance(name, known))!;
        return EditDistance(name, closest) <= 2 ? $" (did you mean '{closest}'?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
