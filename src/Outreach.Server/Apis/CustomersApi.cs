using System.Text.Json;
using Outreach.Core.Customers;
using Outreach.Server.Security;
using Outreach.Storage;

namespace Outreach.Server.Apis;

public static class CustomersApi
{
    /// <summary>Customers pushed by store systems (ingest scope), read back with their derived profile.</summary>
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/customers").WithTags("Customers");
        customers.MapPut("/{id}", UpsertOne).RequireScope(Scopes.Ingest);
        customers.MapPost("/batch", UpsertBatch).RequireScope(Scopes.Ingest);
        customers.MapGet("/{id}", Get).RequireScope(Scopes.Ingest);
        return app;
    }

    /// <summary>Inserts or replaces one customer; answers with the stored customer and profile, or 400 naming each bad field.</summary>
    public static async Task<IResult> UpsertOne(string id, CustomerBody body, ICustomerStore store, ContactValidator contacts, TimeProvider time, CancellationToken ct)
    {
        if (body.Id is { Length: > 0 } bodyId && bodyId != id)
            return Problems.Invalid(("id", $"The body's id '{bodyId}' differs from the id '{id}' in the path."));
        var now = time.GetUtcNow();
        var existing = await store.GetCustomerAsync(id, ct);
        var (customer, errors) = body.ToCustomer(id, existing?.CreatedAt ?? now, contacts);
        if (customer is null) return Problems.Invalid([.. errors]);

        var report = await store.UpsertCustomersAsync([customer], ct);
        if (!report.AllStored) return Problems.Invalid([.. report.Errors.Select(e => (e.Field, e.Message))]);
        var profile = await store.GetProfileAsync(id, now, ct);
        return TypedResults.Ok(CustomerView.Of(profile!));
    }

    /// <summary>Upserts an array of customers; each bad one is reported by index and field, the others are stored.</summary>
    public static async Task<IResult> UpsertBatch(JsonElement[] body, JsonItems json, ICustomerStore store, ContactValidator contacts, TimeProvider time, CancellationToken ct)
    {
        var (items, errors) = json.Read<CustomerBody>(body);
        var now = time.GetUtcNow();
        var ids = items.Select(i => i.Item.Id).OfType<string>().Where(id => id.Length > 0).Distinct().ToArray();
        var known = (await store.GetProfilesAsync(ids, now, ct)).ToDictionary(p => p.Customer.Id, p => p.Customer.CreatedAt);

        var valid = new List<(int Index, Core.Customers.Customer Customer)>();
        foreach (var (index, item) in items)
        {
            if (string.IsNullOrWhiteSpace(item.Id))
            {
                errors.Add(new ItemError(index, null, "id", "Every customer needs an id."));
                continue;
            }
            var (customer, problems) = item.ToCustomer(item.Id, known.GetValueOrDefault(item.Id, now), contacts);
            if (customer is null) errors.AddRange(problems.Select(p => new ItemError(index, item.Id, p.Field, p.Message)));
            else valid.Add((index, customer));
        }

        var report = await store.UpsertCustomersAsync(valid.Select(v => v.Customer).ToArray(), ct);
        errors.AddRange(report.Errors.Select(e => new ItemError(valid[e.Index].Index, e.CustomerId, e.Field, e.Message)));
        return TypedResults.Ok(new CustomerBatchReport(report.Stored, [.. errors.OrderBy(e => e.Index)]));
    }

    public static async Task<IResult> Get(string id, ICustomerStore store, TimeProvider time, CancellationToken ct) =>
        await store.GetProfileAsync(id, time.GetUtcNow(), ct) is { } profile
            ? TypedResults.Ok(CustomerView.Of(profile))
            : Problems.NotFound($"No customer has the id '{id}'.");
}
