using Microsoft.Extensions.Time.Testing;
using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="ICustomerStore"/> must have. Each implementation runs all of it through a
/// derived class; every test starts from a new, empty, migrated store.
/// </summary>
public abstract partial class CustomerStoreContract : IAsyncLifetime
{
    private readonly List<ICustomerStore> _opened = [];

    protected FakeTimeProvider Clock { get; } = new(Days.Now);

    protected ICustomerStore Store { get; private set; } = null!;

    /// <summary>Where a new, empty database lives (a file path, a connection string).</summary>
    protected abstract Task<string> NewLocationAsync();

    /// <summary>A store on the database at <paramref name="location"/>, as the application would construct it.</summary>
    protected abstract ICustomerStore Open(string location, ProfileCalculator calculator);

    protected async Task<ICustomerStore> NewStoreAsync(LifecycleOptions? lifecycle = null) =>
        await OpenMigratedAsync(await NewLocationAsync(), lifecycle);

    protected async Task<ICustomerStore> OpenMigratedAsync(string location, LifecycleOptions? lifecycle = null)
    {
        var store = Open(location, new ProfileCalculator(lifecycle ?? new LifecycleOptions()));
        _opened.Add(store);
        await store.MigrateAsync();
        return store;
    }

    public async Task InitializeAsync() => Store = await NewStoreAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            if (store is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else (store as IDisposable)?.Dispose();
        }
    }

    protected static Customer NewCustomer(string id, Action<CustomerDraft>? edit = null)
    {
        var draft = new CustomerDraft(id);
        edit?.Invoke(draft);
        return draft.Build();
    }

    protected static async IAsyncEnumerable<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> Rows(
        IEnumerable<(Customer Customer, PurchaseStats Purchases)> customers)
    {
        foreach (var (customer, purchases) in customers) yield return (customer, purchases, []);
        await Task.CompletedTask;
    }

    protected static void AssertSameCustomer(Customer expected, Customer? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Snapshot(expected), Snapshot(actual));
    }

    // Records compare their collections by reference; a snapshot with the collections spelled out compares by value.
    private static object Snapshot(Customer c) => new
    {
        c.Id, c.Name, c.Phone, c.Email, c.WeChatOpenId, c.TimeZone,
        Tags = string.Join(",", c.Tags),
        Consent = string.Join(",", Enum.GetValues<Channel>().Select(channel => $"{channel}={c.ConsentFor(channel)}")),
        c.MembershipTier, c.MembershipStatus, c.MembershipExpiresAt, c.CreatedAt,
    };
}
