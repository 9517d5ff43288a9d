using Outreach.Core.Customers;

namespace Outreach.Cli.Import;

/// <summary>
/// Valid customers ready to upsert, the rows skipped since the previous batch, and the line reading has reached
/// (for progress). Batches are yielded as the file is read, so memory does not grow with its size.
/// </summary>
public sealed record ImportBatch(IReadOnlyList<Customer> Customers, IReadOnlyList<ImportRowError> Errors, long LinesRead)
{
    /// <summary>Problems with the header that do not stop the import, such as unknown columns; only in the first batch.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>How many rows were skipped: a row with several problems has several errors but is one row.</summary>
    public int SkippedRows => Errors.Select(e => e.LineNumber).Distinct().Count();
}
