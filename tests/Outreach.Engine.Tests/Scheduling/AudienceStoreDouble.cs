using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audience;
using Outreach.Core.Customers;
using Outreach.Storage;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>
/// A customer store whose audience stream misbehaves as a test needs: <see cref="Behaviour.Held"/> never ends until
/// cancelled (a campaign run still going when the node stops); <see cref="Behaviour.FailsOnce"/> fails the first stream
/// (the store unreachable for a moment) and serves the later ones. Everything else is the real store's.
/// </summary>
public sealed class AudienceStoreDouble(ICustomerStore inner, AudienceStoreDouble.Behaviour behaviour) : ICustomerStore
{
    public enum Behaviour { Held, FailsOnce }

    private int _streams;

    public TaskCompletionSource Streaming { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Replaces the engine's store with one behaving as <paramref name="behaviour"/> says.</summary>
    public static Action<IServiceCollection> Into(Behaviour behaviour, Action<AudienceStoreDouble>? created = null) => services =>
    {
        var original = services.Last(d => d.ServiceType == typeof(ICustomerStore));
        services.Add(ServiceDescriptor.Singleton<ICustomerStore>(sp =>
        {
            var store = new AudienceStoreDouble((ICustomerStore)original.ImplementationFactory!(sp), behaviour);
            created?.Invoke(store);
            return store;
        }));
    };

    public async IAsyncEnumerable<IReadOnlyList<CustomerProfile>> StreamAudienceAsync(
        AudienceFilter filter, DateTimeOffset now, int batchSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        Streaming.TrySetResult();
        var stream = Interlocked.Increment(ref _streams);
        if (behaviour == Behaviour.Held) await Task.Delay(Timeout.Infinite, ct);
        if (stream == 1) throw new InvalidOperationException("the customer store is unreachable");
        await foreach (var batch in inner.StreamAudienceAsync(filter, now, batchSize, ct)) yield return batch;
    }

    public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);
    public Task<UpsertReport> UpsertCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken ct = default) => inner.UpsertCustomersAsync(customers, ct);
    public Task<Customer?> GetCustomerAsync(string id, CancellationToken ct = default) => inner.GetCustomerAsync(id, ct);
    public Task<CustomerProfile?> GetProfileAsync(string id, DateTimeOffset now, CancellationToken ct = default) => inner.GetProfileAsync(id, now, ct);
    public Task<EventIngestReport> AppendEventsAsync(IReadOnlyList<CustomerEvent> events, CancellationToken ct = default) => inner.AppendEventsAsync(events, ct);
    public Task<IReadOnlyList<CustomerEvent>> GetEventsAsync(string customerId, CancellationToken ct = default) => inner.GetEventsAsync(customerId, ct);
    public Task<long> CountAudienceAsync(AudienceFilter filter, DateTimeOffset now, CancellationToken ct = default) => inner.CountAudienceAsync(filter, now, ct);
    public Task BulkLoadAsync(IAsyncEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> rows, IProgress<long>? progress = null, CancellationToken ct = default) =>
        inner.BulkLoadAsync(rows, progress, ct);
    public Task<IReadOnlyList<CustomerProfile>> GetProfilesAsync(IReadOnlyCollection<string> ids, DateTimeOffset now, CancellationToken ct = default) => inner.GetProfilesAsync(ids, now, ct);
    public Task<IReadOnlyList<CustomerEvent>> FindEventsAsync(IReadOnlyCollection<string> customerIds, string type, DateTimeOffset since, CancellationToken ct = default) =>
        inner.FindEventsAsync(customerIds, type, since, ct);
    public Task<IReadOnlyList<ReceivedEvent>> EventsReceivedAfterAsync(EventPosition after, IReadOnlyCollection<string> types, int max, CancellationToken ct = default) =>
        inner.EventsReceivedAfterAsync(after, types, max, ct);
    public Task<long> CountCustomersAsync(CancellationToken ct = default) => inner.CountCustomersAsync(ct);
}
