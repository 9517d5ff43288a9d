namespace Outreach.Cli.Import;

/// <summary>One problem with one row of an import file. The row is skipped; the rest of the file is not.</summary>
/// <param name="LineNumber">The physical line where the row starts; the header is line 1.</param>
/// <param name="Field">The column at fault, or <see cref="WholeRow"/> when the row itself is malformed.</param>
public sealed record ImportRowError(int LineNumber, string Field, string Message)
{
    /// <summary>The field of errors about the row as a whole: bad quoting, a wrong number of fields, a missing header.</summary>
    public const string WholeRow = "row";

    public override string ToString() => $"line {LineNumber}: {Field}: {Message}";
}
