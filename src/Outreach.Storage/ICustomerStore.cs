using Outreach.Core.Audience;
using Outreach.Core.Customers;

namespace Outreach.Storage;

/// <summary>
/// Customers, their events and their derived profiles, with audience filters evaluated in the database.
/// One contract, two implementations: <see cref="Sqlite.SqliteCustomerStore"/> and <see cref="Postgres.PostgresCustomerStore"/>.
/// </summary>
public interface ICustomerStore
{
    /// <summary>Creates or upgrades the schema; safe to call on every start and from several nodes at once.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>A trivial query: throws when the database cannot be reached (readiness checks).</summary>
    Task PingAsync(CancellationToken ct = default) => GetCustomerAsync("", ct);

    /// <summary>Validates and normalises each customer; stores the good ones (insert or update) in one transaction and reports the bad ones by index.</summary>
    Task<UpsertReport> UpsertCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken ct = default);

    Task<Customer?> GetCustomerAsync(string id, CancellationToken ct = default);

    /// <summary>The customer with RFM scores, stage and pool as of <paramref name="now"/>.</summary>
    Task<CustomerProfile?> GetProfileAsync(string id, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The profiles of these customers as of <paramref name="now"/>, in one query; an id with no customer is left out.</summary>
    Task<IReadOnlyList<CustomerProfile>> GetProfilesAsync(IReadOnlyCollection<string> ids, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Stores events once per event id and applies their effects (purchase stats, membership) in the same transaction.
    /// Duplicates, unknown customers and malformed events are reported per event, never for the whole batch.
    /// </summary>
    Task<EventIngestReport> AppendEventsAsync(IReadOnlyList<CustomerEvent> events, CancellationToken ct = default);

    /// <summary>The customer's stored events, oldest first.</summary>
    Task<IReadOnlyList<CustomerEvent>> GetEventsAsync(string customerId, CancellationToken ct = default);

    /// <summary>Events of one <paramref name="type"/> of these customers that occurred at or after <paramref name="since"/>: goal checks for a batch.</summary>
    Task<IReadOnlyList<CustomerEvent>> FindEventsAsync(IReadOnlyCollection<string> customerIds, string type, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>
    /// Events of the given types stored after <paramref name="after"/> (by the moment received, then id), oldest first,
    /// at most <paramref name="max"/>: what event-triggered campaigns react to, whichever node or process stored them.
    /// </summary>
    Task<IReadOnlyList<ReceivedEvent>> EventsReceivedAfterAsync(EventPosition after, IReadOnlyCollection<string> types, int max, CancellationToken ct = default);

    /// <summary>
    /// Everyone matching <paramref name="filter"/> as of <paramref name="now"/>, in batches ordered by customer id
    /// (ordinal). The filter runs as SQL and each batch is its own short query, so memory and held connections do
    /// not grow with the audience.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<CustomerProfile>> StreamAudienceAsync(AudienceFilter filter, DateTimeOffset now, int batchSize, CancellationToken ct = default);

    Task<long> CountAudienceAsync(AudienceFilter filter, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// The fast path for imports and simulations: customers are inserted or replaced together with the given purchase
    /// stats, events are stored (an id seen before is skipped) but not re-applied. Rows are trusted: validate before.
    /// Progress reports the number of customers handed to the database so far.
    /// </summary>
    Task BulkLoadAsync(IAsyncEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> rows, IProgress<long>? progress = null, CancellationToken ct = default);

    Task<long> CountCustomersAsync(CancellationToken ct = default);
}
