using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Outreach.Core.Audience;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>
/// Everything the SQLite and PostgreSQL stores share: the same tables, statements and audience SQL, with the
/// differences (connections, schema DDL, dialect, bulk path) supplied by the derived class.
/// </summary>
public abstract class RelationalCustomerStore : ICustomerStore
{
    /// <summary>Rows per bulk-load transaction: large enough to amortise commits, small enough to bound memory.</summary>
    internal int BulkChunkSize { get; set; } = 20_000;

    private readonly AudienceSql _audience;

    private protected RelationalCustomerStore(SqlDialect dialect, ProfileCalculator calculator, ContactValidator validator, TimeProvider time)
    {
        Dialect = dialect;
        Calculator = calculator;
        Validator = validator;
        Time = time;
        _audience = new AudienceSql(dialect, calculator.Options);
    }

    private protected SqlDialect Dialect { get; }
    private protected ProfileCalculator Calculator { get; }
    private protected ContactValidator Validator { get; }
    private protected TimeProvider Time { get; }
    private protected long NowMilliseconds => StoredTime.ToMilliseconds(Time.GetUtcNow());

    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>The schema scripts; script i brings the schema to version i + 1. Never edit a released one, append.</summary>
    private protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>Opens a connection for one short keyset batch of an audience stream.</summary>
    private protected virtual ValueTask<DbConnection> OpenForBatchAsync(CancellationToken ct) => OpenAsync(ct);

    /// <summary>Makes concurrent migrations (several nodes starting) wait for each other inside the transaction.</summary>
    private protected virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;

    public virtual async Task MigrateAsync(CancellationToken ct = default)
    {
        await InTransactionAsync(async (connection, transaction) =>
        {
            await LockSchemaAsync(connection, transaction, ct);
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", transaction, ct);
            await using var query = connection.CreateCommand("SELECT MAX(version) FROM schema_migrations", transaction);
            var current = await query.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt32(v) : 0;
            for (var version = current + 1; version <= Migrations.Count; version++)
            {
                await connection.ExecuteAsync(Migrations[version - 1], transaction, ct);
                await using var record = connection.CreateCommand("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)", transaction);
                record.AddParameter("@version", version, DbType.Int32);
                record.AddParameter("@now", NowMilliseconds, DbType.Int64);
                await record.ExecuteNonQueryAsync(ct);
            }
        }, ct);
    }

    public async Task<UpsertReport> UpsertCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken ct = default)
    {
        var errors = new List<CustomerError>();
        var valid = new List<Customer>(customers.Count);
        for (var i = 0; i < customers.Count; i++)
        {
            var (normalized, problems) = Validator.Validate(customers[i]);
            if (normalized is null) errors.AddRange(problems.Select(p => new CustomerError(i, customers[i].Id, p.Field, p.Message)));
            else valid.Add(normalized);
        }

        if (valid.Count > 0)
        {
            var now = NowMilliseconds;
            await InTransactionAsync(async (connection, transaction) =>
            {
                await using var writer = await CustomerWriter.PrepareAsync(connection, transaction, Dialect, ct);
                foreach (var customer in valid) await writer.WriteAsync(CustomerRow.From(customer, PurchaseStats.None), now, ct);
            }, ct);
        }
        return new UpsertReport(valid.Count, errors);
    }

    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(ct);
    }

    public async Task<Customer?> GetCustomerAsync(string id, CancellationToken ct = default) =>
        (await ReadCustomerAsync(id, ct))?.Customer;

    public async Task<CustomerProfile?> GetProfileAsync(string id, DateTimeOffset now, CancellationToken ct = default) =>
        await ReadCustomerAsync(id, ct) is { } found ? Calculator.Derive(found.Customer, found.Purchases, now) : null;

    public async Task<IReadOnlyList<CustomerProfile>> GetProfilesAsync(IReadOnlyCollection<string> ids, DateTimeOffset now, CancellationToken ct = default)
    {
        var profiles = new List<CustomerProfile>(ids.Count);
        if (ids.Count == 0) return profiles;
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand($"SELECT {CustomerRow.SelectColumns} FROM customers c WHERE c.id IN ({InList(ids.Count)})");
        BindInList(command, ids);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (customer, purchases) = CustomerReader.Read(reader);
            profiles.Add(Calculator.Derive(customer, purchases, now));
        }
        return profiles;
    }

    public async Task<IReadOnlyList<CustomerEvent>> FindEventsAsync(
        IReadOnlyCollection<string> customerIds, string type, DateTimeOffset since, CancellationToken ct = default)
    {
        var events = new List<CustomerEvent>();
        if (customerIds.Count == 0) return events;
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            $"SELECT {EventRow.SelectColumns} FROM customer_events e WHERE e.customer_id IN ({InList(customerIds.Count)}) " +
            "AND e.type = @type AND e.occurred_at >= @since ORDER BY e.occurred_at, e.id");
        BindInList(command, customerIds);
        command.AddParameter("@type", type, DbType.String);
        command.AddParameter("@since", StoredTime.ToMilliseconds(since), DbType.Int64);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(EventRow.Read(reader));
        return events;
    }

    public async Task<IReadOnlyList<ReceivedEvent>> EventsReceivedAfterAsync(
        EventPosition after, IReadOnlyCollection<string> types, int max, CancellationToken ct = default)
    {
        var events = new List<ReceivedEvent>();
        if (types.Count == 0) return events;
        var typeList = string.Join(", ", types.Select((_, i) => $"@type{i}"));
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            $"SELECT {EventRow.SelectColumns}, e.received_at FROM customer_events e " +
            $"WHERE (e.received_at > @at OR (e.received_at = @at AND e.id > @id)) AND e.type IN ({typeList}) " +
            "ORDER BY e.received_at, e.id LIMIT @max");
        command.AddParameter("@at", StoredTime.ToMilliseconds(after.ReceivedAt), DbType.Int64);
        command.AddParameter("@id", after.EventId, DbType.String);
        var k = 0;
        foreach (var type in types) command.AddParameter($"@type{k++}", type, DbType.String);
        command.AddParameter("@max", max, DbType.Int32);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(new ReceivedEvent(EventRow.Read(reader), StoredTime.FromMilliseconds(reader.GetInt64(6))));
        return events;
    }

    // Parameters rather than an array type: the same SQL runs on both databases, and batches are a few hundred ids.
    private static string InList(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@in{i}"));

    private static void BindInList(DbCommand command, IReadOnlyCollection<string> values)
    {
        var i = 0;
        foreach (var value in values) command.AddParameter($"@in{i++}", value, DbType.String);
    }

    private async Task<(Customer Customer, PurchaseStats Purchases)?> ReadCustomerAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand($"SELECT {CustomerRow.SelectColumns} FROM customers c WHERE c.id = @id");
        command.AddParameter("@id", id, DbType.String);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? CustomerReader.Read(reader) : null;
    }

    public async Task<EventIngestReport> AppendEventsAsync(IReadOnlyList<CustomerEvent> events, CancellationToken ct = default)
    {
        var issues = new List<EventIssue>();
        var accepted = 0;
        var now = NowMilliseconds;
        await InTransactionAsync(async (connection, transaction) =>
        {
            await using var writer = await EventWriter.PrepareAsync(connection, transaction, Dialect, ct);
            if (connection.CanCreateBatch)
            {
                // A server a round trip away (PostgreSQL): the whole batch in two round trips instead of two per event.
                var valid = new List<(int Index, CustomerEvent Event, EventEffect Effect)>();
                for (var i = 0; i < events.Count; i++)
                {
                    var (effect, error) = EventEffect.Of(events[i]);
                    if (effect is null) issues.Add(new EventIssue(i, events[i].Id, EventIssueKind.Invalid, error!));
                    else valid.Add((i, events[i], effect));
                }
                var stored = await EventWriter.StoreAllAsync(connection, transaction, Dialect, valid.Select(v => (v.Event, v.Effect)).ToList(), now, ct);
                for (var k = 0; k < valid.Count; k++)
                {
                    var (i, e, _) = valid[k];
                    if (stored[k]) accepted++;
                    else issues.Add(await writer.CustomerExistsAsync(e.CustomerId, ct)
                        ? new EventIssue(i, e.Id, EventIssueKind.Duplicate, $"Event '{e.Id}' was received before; ignored.")
                        : new EventIssue(i, e.Id, EventIssueKind.UnknownCustomer, $"No customer has the id '{e.CustomerId}'."));
                }
                issues.Sort((a, b) => a.Index.CompareTo(b.Index));
                return;
            }
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var (effect, error) = EventEffect.Of(e);
                if (effect is null)
                    issues.Add(new EventIssue(i, e.Id, EventIssueKind.Invalid, error!));
                else if (await writer.InsertAsync(EventRow.From(e), now, ct))
                {
                    await writer.ApplyAsync(e.CustomerId, effect, now, ct);
                    accepted++;
                }
                else if (!await writer.CustomerExistsAsync(e.CustomerId, ct))
                    issues.Add(new EventIssue(i, e.Id, EventIssueKind.UnknownCustomer, $"No customer has the id '{e.CustomerId}'."));
                else
                    issues.Add(new EventIssue(i, e.Id, EventIssueKind.Duplicate, $"Event '{e.Id}' was received before; ignored."));
            }
        }, ct);
        return new EventIngestReport(accepted, issues);
    }

    public async Task<IReadOnlyList<CustomerEvent>> GetEventsAsync(string customerId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand(
            $"SELECT {EventRow.SelectColumns} FROM customer_events e WHERE e.customer_id = @id ORDER BY e.occurred_at, e.id");
        command.AddParameter("@id", customerId, DbType.String);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<CustomerEvent>();
        while (await reader.ReadAsync(ct)) events.Add(EventRow.Read(reader));
        return events;
    }

    public async IAsyncEnumerable<IReadOnlyList<CustomerProfile>> StreamAudienceAsync(
        AudienceFilter filter, DateTimeOffset now, int batchSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var predicate = _audience.Compile(filter, now);
        // Keyset pagination: each batch is a fresh short query after the last id seen, so no cursor or connection
        // stays open while the caller works on a batch, and every customer is visited once.
        var sql = $"SELECT {CustomerRow.SelectColumns} FROM customers c WHERE c.id > @after AND ({predicate.Sql}) ORDER BY c.id LIMIT @limit";
        var after = "";
        while (true)
        {
            var batch = new List<CustomerProfile>(Math.Min(batchSize, 10_000));
            await using (var connection = await OpenForBatchAsync(ct))
            await using (var command = connection.CreateCommand(sql))
            {
                predicate.Arguments.BindTo(command);
                command.AddParameter("@after", after, DbType.String);
                command.AddParameter("@limit", batchSize, DbType.Int32);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var (customer, purchases) = CustomerReader.Read(reader);
                    batch.Add(Calculator.Derive(customer, purchases, now));
                }
            }
            if (batch.Count > 0) yield return batch;
            if (batch.Count < batchSize) yield break;
            after = batch[^1].Customer.Id;
        }
    }

    public async Task<long> CountAudienceAsync(AudienceFilter filter, DateTimeOffset now, CancellationToken ct = default)
    {
        var predicate = _audience.Compile(filter, now);
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand($"SELECT COUNT(*) FROM customers c WHERE {predicate.Sql}");
        predicate.Arguments.BindTo(command);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    public async Task<long> CountCustomersAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand("SELECT COUNT(*) FROM customers");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    public async Task BulkLoadAsync(
        IAsyncEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> rows,
        IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        // Producing and converting rows runs beside the database writes (two cores, both busy). Rows are handed over
        // in small blocks: few thread hand-offs, memory stays flat and rows die young, which the GC rewards.
        var now = NowMilliseconds;
        var blocks = Channel.CreateBounded<List<BulkRow>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(rows, blocks.Writer, now, stop.Token), CancellationToken.None);
        try
        {
            await using var writer = await StartBulkLoadAsync(now, ct);
            long written = 0;
            while (await blocks.Reader.WaitToReadAsync(ct))
            {
                written += await writer.WriteChunkAsync(Chunk(blocks.Reader, BulkChunkSize, ct), ct);
                progress?.Report(written);
            }
            await writer.CompleteAsync(ct);
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }

    private const int BulkBlockSize = 64;

    private static async Task ProduceAsync(
        IAsyncEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> rows,
        ChannelWriter<List<BulkRow>> blocks, long now, CancellationToken ct)
    {
        try
        {
            var block = new List<BulkRow>(BulkBlockSize);
            await foreach (var (customer, purchases, events) in rows.WithCancellation(ct))
            {
                block.Add(BulkRow.From(customer, purchases, events, now));
                if (block.Count < BulkBlockSize) continue;
                await blocks.WriteAsync(block, ct);
                block = new List<BulkRow>(BulkBlockSize);
            }
            if (block.Count > 0) await blocks.WriteAsync(block, ct);
            blocks.Complete();
        }
        catch (Exception ex)
        {
            blocks.Complete(ex);
        }
    }

    /// <summary>The next blocks from the hand-over, about <paramref name="size"/> rows: one transaction's worth.</summary>
    private static async IAsyncEnumerable<BulkRow> Chunk(ChannelReader<List<BulkRow>> blocks, int size, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var taken = 0; taken < size && await blocks.WaitToReadAsync(ct);)
        {
            if (!blocks.TryRead(out var block)) continue;
            foreach (var row in block) yield return row;
            taken += block.Count;
        }
    }

    /// <summary>Starts the store's fast path for one bulk load; <paramref name="now"/> stamps every row it writes.</summary>
    private protected abstract ValueTask<IBulkWriter> StartBulkLoadAsync(long now, CancellationToken ct);

    private async Task InTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await work(connection, transaction);
        await transaction.CommitAsync(ct);
    }
}
