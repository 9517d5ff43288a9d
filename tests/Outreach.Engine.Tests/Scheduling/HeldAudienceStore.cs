using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audience;
using Outreach.Core.Customers;
using Outreach.Storage;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>A customer store whose audience stream never ends until cancelled: a campaign run that is still going when the node stops.</summary>
public sealed class HeldAudienceStore(ICustomerStore inner) : ICustomerStore
{
    public TaskCompletionSource Streaming { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Replaces the engine's store with one held by this class.</summary>
    public static Action<IServiceCollection> Into(Action<HeldAudienceStore> created) => services =>
    {
        var original = services.Last(d => d.ServiceType == typeof(ICustomerStore));
        services.Add(ServiceDescriptor.Singleton<ICustomerStore>(sp =>
        {
            var held = new HeldAudienceStore((ICustomerStore)original.ImplementationFactory!(sp));
            created(held);
            return held;
        }));
    };

    public async IAsyncEnumerable<IReadOnlyList<CustomerProfile>> StreamAudienceAsync(
        AudienceFilter filter, DateTimeOffset now, int batchSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        Streaming.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
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
