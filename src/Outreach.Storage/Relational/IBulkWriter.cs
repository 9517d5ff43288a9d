namespace Outreach.Storage.Relational;

/// <summary>Writes the chunks of one bulk load, each in one transaction, in order; a store's fast path.</summary>
internal interface IBulkWriter : IAsyncDisposable
{
    /// <summary>Writes one chunk and returns how many customers it held (it may still be committing).</summary>
    Task<int> WriteChunkAsync(IAsyncEnumerable<BulkRow> chunk, CancellationToken ct);

    /// <summary>Waits until every chunk is committed.</summary>
    Task CompleteAsync(CancellationToken ct);
}
