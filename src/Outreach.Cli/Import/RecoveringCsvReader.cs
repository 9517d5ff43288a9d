using System.Runtime.CompilerServices;
using CsvHelper;

namespace Outreach.Cli.Import;

/// <summary>One CSV record and the physical line it starts on, or why the record starting there could not be read.</summary>
internal sealed record CsvRecord(int Line, string[] Fields, string? Problem = null);

/// <summary>
/// Reads every record of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks) with the
/// physical line it starts on, and recovers from bad quoting. A stray quote makes everything up to the next quote,
/// possibly many lines on, one malformed record; its lines after the first are read again on their own, so one
/// bad quote costs its own row and not the rows it swallowed.
/// </summary>
internal static class RecoveringCsvReader
{
    // A customer row is well under a kilobyte; a record this long is a quote that was never closed.
    private const int MaxRecordBytes = 16 * 1024 * 1024;

    public static IAsyncEnumerable<CsvRecord> ReadAsync(TextReader reader, CancellationToken ct) => Read(reader, 0, ct);

    private static async IAsyncEnumerable<CsvRecord> Read(TextReader reader, int linesBefore, [EnumeratorCancellation] CancellationToken ct)
    {
        var malformed = new List<CsvMalformedRecord>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',', // detection could take the ';' between tags for the separator
            HasHeader = false, // the header is a record like any other here; the caller gives it its meaning
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = malformed.Add,
        };
        await using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        while (true)
        {
            var (hasRecord, failure) = await TryReadAsync(csv, ct);

            // Records skipped while reading came before the one the reader is now on.
            foreach (var bad in malformed)
            {
                var line = linesBefore + (int)bad.LineNumber;
                yield return new CsvRecord(line, [], Describe(bad.Reason));
                if (LinesAfterFirst(bad.RawRecord) is { } swallowed)
                    await foreach (var record in Read(new StringReader(swallowed), line, ct)) yield return record;
            }
            malformed.Clear();

            if (failure is not null)
            {
                yield return new CsvRecord(linesBefore + (int)failure.LineNumber, [], $"The file could not be read from this line on: {failure.Message}");
                yield break;
            }
            if (!hasRecord) yield break;

            var fields = new string[csv.FieldCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i);
            yield return new CsvRecord(linesBefore + (int)csv.LineNumber, fields);
        }
    }

    // The one input problem that stops reading (a record past the size limit) becomes a reported record, not a crash.
    private static async ValueTask<(bool HasRecord, CsvFormatException? Failure)> TryReadAsync(CsvReader csv, CancellationToken ct)
    {
        try
        {
            return (await csv.ReadAsync(ct), null);
        }
        catch (CsvFormatException ex)
        {
            return (false, ex);
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            "A quote opened on this line is never closed; the row was skipped and reading went on with the next line.",
        CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote =>
            "The row has a quote in the middle of a value; put values that contain quotes, commas or line breaks in quotes and double the quotes inside (\"\").",
        _ => $"The row is not valid CSV ({reason}).",
    };

    private static string? LinesAfterFirst(string record)
    {
        var newline = record.IndexOf('\n');
        return newline >= 0 && newline < record.Length - 1 ? record[(newline + 1)..] : null;
    }
}
