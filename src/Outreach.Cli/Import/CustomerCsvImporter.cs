using System.Runtime.CompilerServices;
using Outreach.Core.Customers;

namespace Outreach.Cli.Import;

/// <summary>
/// Reads a customers CSV (header row, <c>id</c> required) as a stream of batches of valid customers. A bad row is
/// reported with its line and field and skipped; the rest of the file is always read.
/// </summary>
public sealed class CustomerCsvImporter(ContactValidator contacts, TimeProvider time, TimeZoneInfo? defaultTimeZone = null)
{
    private readonly CustomerRowReader _rows = new(contacts, time, defaultTimeZone ?? TimeZoneInfo.Utc);

    /// <summary>
    /// Yields a batch every <paramref name="batchSize"/> rows (valid or not) and one for the rest. Times without an
    /// offset are read in the row's time zone, else in the importer's default time zone, else UTC.
    /// </summary>
    public IAsyncEnumerable<ImportBatch> ReadAsync(TextReader reader, int batchSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Read(reader, batchSize, ct);
    }

    private async IAsyncEnumerable<ImportBatch> Read(TextReader reader, int batchSize, [EnumeratorCancellation] CancellationToken ct)
    {
        CustomerCsvHeader? header = null;
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var records = new List<CsvRecord>(batchSize);
        IReadOnlyList<string> warnings = [];

        await foreach (var record in RecoveringCsvReader.ReadAsync(reader, ct))
        {
            if (header is null)
            {
                (header, var problem) = record.Problem is null ? CustomerCsvHeader.Read(record.Fields) : (null, record.Problem);
                if (header is null)
                {
                    yield return new ImportBatch([], [new ImportRowError(record.Line, ImportRowError.WholeRow, problem!)], record.Line);
                    yield break;
                }
                warnings = header.Warnings;
                continue;
            }

            records.Add(record);
            if (records.Count < batchSize) continue;
            yield return ToBatch(records, header, firstLines, warnings);
            (records, warnings) = (new List<CsvRecord>(batchSize), []);
        }

        if (header is null)
            yield return new ImportBatch([], [new ImportRowError(1, ImportRowError.WholeRow, CustomerCsvHeader.MissingHeader)], 0);
        else if (records.Count > 0 || warnings.Count > 0)
            yield return ToBatch(records, header, firstLines, warnings);
    }

    private ImportBatch ToBatch(List<CsvRecord> records, CustomerCsvHeader header, Dictionary<string, int> firstLines, IReadOnlyList<string> warnings)
    {
        // Validating contacts (libphonenumber) is the slow part and rows are independent, so the cores share it.
        var rows = records.AsParallel().AsOrdered().Select(record => ReadRow(record, header)).ToArray();

        var customers = new List<Customer>(records.Count);
        var errors = new List<ImportRowError>();
        for (var i = 0; i < rows.Length; i++)
        {
            var line = records[i].Line;
            if (rows[i].Customer is not { } customer)
                errors.AddRange(rows[i].Errors);
            // A customer twice in one file means two versions of them: which one is right is the marketer's call.
            else if (!firstLines.TryAdd(customer.Id, line))
                errors.Add(new ImportRowError(line, CustomerColumns.NameOf(CustomerColumn.Id),
                    $"Customer '{customer.Id}' already appeared on line {firstLines[customer.Id]}; each customer may appear once per file."));
            else
                customers.Add(customer);
        }
        return new ImportBatch(customers, errors, records.Count > 0 ? records[^1].Line : 1) { Warnings = warnings };
    }

    /// <summary>The customer on a row, or its problems; neither for a row of empty cells, which is no customer at all.</summary>
    private (Customer? Customer, IReadOnlyList<ImportRowError> Errors) ReadRow(CsvRecord record, CustomerCsvHeader header)
    {
        if (record.Problem is { } problem)
            return (null, [new ImportRowError(record.Line, ImportRowError.WholeRow, problem)]);
        if (record.Fields.Length != header.FieldCount)
            return (null, [new ImportRowError(record.Line, ImportRowError.WholeRow,
                $"The row has {record.Fields.Length} fields but the header has {header.FieldCount}; check for a missing or extra comma, or a value with a comma that is not in quotes.")]);
        if (record.Fields.All(string.IsNullOrWhiteSpace))
            return (null, []);
        return _rows.Read(column => header.IndexOf(column) is var i and >= 0 ? record.Fields[i].Trim() : "", record.Line);
    }
}
