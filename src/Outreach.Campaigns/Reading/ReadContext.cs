using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>What reading one file shares: where problems go, and the source text for positions inside templates.</summary>
internal sealed class ReadContext(string file, string text)
{
    private readonly List<CampaignDiagnostic> diagnostics = [];
    private string[]? lines;

    public string File => file;
    public IReadOnlyList<CampaignDiagnostic> Diagnostics => diagnostics;
    public bool HasErrors => diagnostics.Count > 0;

    public void Error(YamlNode at, string message) => Error(at.Start, message);

    public void Error(Mark at, string message) => Error((int)at.Line, (int)at.Column, message);

    public void Error(int line, int column, string message) => diagnostics.Add(new CampaignDiagnostic(file, line, column, message));

    /// <summary>Where a 1-based line and column of a scalar's text is in the file.</summary>
    public (int Line, int Column) PositionIn(YamlScalarNode scalar, int line, int column)
    {
        var start = (Line: (int)scalar.Start.Line, Column: (int)scalar.Start.Column);
        if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            // A block scalar's text starts on the line after its | or > and is indented as its first line is.
            var first = start.Line + line;
            return (first, Indentation(start.Line + 1) + column);
        }
        var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        return line == 1 ? (start.Line, start.Column + quoted + column - 1) : (start.Line + line - 1, column);
    }

    private int Indentation(int fromLine)
    {
        lines ??= text.Split('\n');
        for (var i = fromLine - 1; i < lines.Length; i++)
            if (lines[i].Trim().Length > 0) return lines[i].Length - lines[i].TrimStart(' ').Length;
        return 0;
    }
}
