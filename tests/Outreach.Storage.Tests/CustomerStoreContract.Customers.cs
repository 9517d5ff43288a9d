using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Customers;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests;

public abstract partial class CustomerStoreContract
{
    [Fact]
    public async Task Upserted_customer_comes_back_with_normalised_contacts()
    {
        var customer = NewCustomer("c-1", c =>
        {
            c.Phone = "138 0013 8000";
            c.Email = " li.wei@example.com ";
            c.WeChatOpenId = "oAbc123";
            c.Tags = ["VIP", "student"];
            c.Consent[Channel.Sms] = ConsentStatus.OptedIn;
            c.Consent[Channel.Email] = ConsentStatus.OptedOut;
            c.Tier = "Gold";
            c.Status = MembershipStatus.Active;
            c.ExpiresAt = Days.FromNow(30);
        });

        var report = await Store.UpsertCustomersAsync([customer]);

        Assert.Equal(1, report.Stored);
        Assert.Empty(report.Errors);
        AssertSameCustomer(customer with { Phone = "+8613800138000", Email = "li.wei@example.com" }, await Store.GetCustomerAsync("c-1"));
    }

    [Fact]
    public async Task Unknown_customer_is_null()
    {
        Assert.Null(await Store.GetCustomerAsync("nobody"));
        Assert.Null(await Store.GetProfileAsync("nobody", Days.Now));
    }

    [Fact]
    public async Task Upsert_updates_an_existing_customer_and_keeps_purchases_and_creation_date()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => { c.Tags = ["old"]; c.CreatedAt = Days.Ago(100); })]);
        await Store.AppendEventsAsync([Purchase("e-1", "c-1", Days.Ago(5), 42.5m)]);

        var changed = NewCustomer("c-1", c => { c.Name = "Renamed"; c.Tags = ["new"]; c.CreatedAt = default; });
        await Store.UpsertCustomersAsync([changed]);

        AssertSameCustomer(changed with { CreatedAt = Days.Ago(100) }, await Store.GetCustomerAsync("c-1"));
        Assert.Equal(1, (await Store.GetProfileAsync("c-1", Days.Now))!.Purchases.PurchaseCount);
        Assert.Equal(0, await Store.CountAudienceAsync(new TagsFilter(["old"]), Days.Now));
        Assert.Equal(1, await Store.CountAudienceAsync(new TagsFilter(["new"]), Days.Now));
    }

    [Fact]
    public async Task New_customer_without_creation_date_is_created_now()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1", c => c.CreatedAt = default)]);

        Assert.Equal(Days.Now, (await Store.GetCustomerAsync("c-1"))!.CreatedAt);
    }

    [Fact]
    public async Task Bad_records_are_reported_by_index_and_the_rest_are_stored()
    {
        Customer[] batch =
        [
            NewCustomer("good-1", c => c.Phone = "+86 138 0013 8000"),
            NewCustomer("bad-phone", c => c.Phone = "12345"),
            NewCustomer("bad-email", c => c.Email = "not-an-email"),
            NewCustomer("bad-zone", c => c.TimeZone = "Mars/Olympus_Mons"),
            NewCustomer("good-2", c => c.Email = "a@example.com"),
        ];

        var report = await Store.UpsertCustomersAsync(batch);

        Assert.Equal(2, report.Stored);
        Assert.Equal(
            [(1, "bad-phone", "phone"), (2, "bad-email", "email"), (3, "bad-zone", "timezone")],
            report.Errors.Select(e => (e.Index, e.CustomerId, e.Field)));
        Assert.All(report.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.NotNull(await Store.GetCustomerAsync("good-1"));
        Assert.NotNull(await Store.GetCustomerAsync("good-2"));
        Assert.Null(await Store.GetCustomerAsync("bad-phone"));
        Assert.Equal(2, await Store.CountCustomersAsync());
    }

    [Fact]
    public async Task A_record_with_several_problems_reports_each_of_them()
    {
        var report = await Store.UpsertCustomersAsync([NewCustomer("c-1", c => { c.Phone = "abc"; c.Email = "@"; })]);

        Assert.Equal(0, report.Stored);
        Assert.Equal(["phone", "email"], report.Errors.Select(e => e.Field));
        Assert.All(report.Errors, e => Assert.Equal(0, e.Index));
    }

    [Fact]
    public async Task Count_customers_counts_every_stored_customer()
    {
        Assert.Equal(0, await Store.CountCustomersAsync());

        await Store.UpsertCustomersAsync([NewCustomer("a"), NewCustomer("b"), NewCustomer("c")]);
        await Store.UpsertCustomersAsync([NewCustomer("a")]);

        Assert.Equal(3, await Store.CountCustomersAsync());
    }

    [Fact]
    public async Task Migration_runs_twice_safely_and_keeps_the_data()
    {
        var location = await NewLocationAsync();
        var first = await OpenMigratedAsync(location);
        await first.UpsertCustomersAsync([NewCustomer("c-1")]);

        await first.MigrateAsync();
        var second = await OpenMigratedAsync(location);

        Assert.Equal(1, await second.CountCustomersAsync());
    }

    [Fact]
    public async Task Concurrent_migrations_of_one_database_both_succeed()
    {
        var location = await NewLocationAsync();
        var stores = new[] { Open(location, new ProfileCalculator(new LifecycleOptions())), Open(location, new ProfileCalculator(new LifecycleOptions())) };
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));

            await stores[0].UpsertCustomersAsync([NewCustomer("c-1")]);
            Assert.Equal(1, await stores[1].CountCustomersAsync());
        }
        finally
        {
            foreach (var store in stores) (store as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task Profile_is_derived_from_the_stored_purchases_as_the_profile_calculator_does()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);
        await Store.AppendEventsAsync(
        [
            Purchase("e-1", "c-1", Days.Ago(60), 1500m),
            Purchase("e-2", "c-1", Days.Ago(40), 400m),
            Purchase("e-3", "c-1", Days.Ago(20), 100m),
        ]);

        var profile = await Store.GetProfileAsync("c-1", Days.Now);

        var expected = new ProfileCalculator(new LifecycleOptions())
            .Derive(NewCustomer("c-1"), new PurchaseStats(Days.Ago(60), Days.Ago(20), 3, 2000m), Days.Now);
        Assert.NotNull(profile);
        Assert.Equal(expected.Purchases, profile.Purchases);
        Assert.Equal((20.0, 20.0, new RfmScores(4, 2, 4), LifecycleStage.Growth, CustomerPool.Active),
            (profile.RecencyDays!.Value, profile.RepurchaseCycleDays, profile.Rfm, profile.Stage, profile.Pool));
        Assert.Equal((expected.RecencyDays, expected.RepurchaseCycleDays, expected.Rfm, expected.Stage, expected.Pool),
            (profile.RecencyDays, profile.RepurchaseCycleDays, profile.Rfm, profile.Stage, profile.Pool));
    }

    [Fact]
    public async Task Customer_who_never_bought_is_new_with_zero_scores()
    {
        await Store.UpsertCustomersAsync([NewCustomer("c-1")]);

        var profile = await Store.GetProfileAsync("c-1", Days.Now);

        Assert.Equal((new RfmScores(0, 0, 0), LifecycleStage.Introduction, CustomerPool.New, (double?)null),
            (profile!.Rfm, profile.Stage, profile.Pool, profile.RecencyDays));
    }
}
