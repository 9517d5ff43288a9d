using System.Text.Json;
using Outreach.Server.Security;
using Outreach.Storage;

namespace Outreach.Server.Apis;

public static class EventsApi
{
    /// <summary>
    /// Events from store systems (ingest scope). A stored event updates the customer's profile and, through the
    /// engine's event trigger scanner, fires the campaigns triggered by its type; it counts as a conversion in results.
    /// </summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/events").WithTags("Events");
        events.MapPost("/", IngestOne).RequireScope(Scopes.Ingest);
        events.MapPost("/batch", IngestBatch).RequireScope(Scopes.Ingest);
        return app;
    }

    /// <summary>202 for a new event, 200 for one seen before (nothing changes), 400 for a malformed one, 422 for an unknown customer.</summary>
    public static async Task<IResult> IngestOne(EventBody body, EventBatcher events, TimeProvider time, CancellationToken ct)
    {
        var (e, errors) = body.ToEvent(time.GetUtcNow());
        if (e is null) return Problems.Invalid([.. errors]);

        if (await events.AppendAsync(e, ct) is not { } issue) return TypedResults.Accepted((string?)null, new EventReceipt(e.Id, "accepted"));
        return issue.Kind switch
        {
            EventIssueKind.Duplicate => TypedResults.Ok(new EventReceipt(e.Id, "duplicate")),
            EventIssueKind.UnknownCustomer => TypedResults.Problem(issue.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Unknown customer", extensions: new Dictionary<string, object?> { ["field"] = "customerId" }),
            _ => Problems.Invalid((FieldOf(issue.Message), issue.Message)),
        };
    }

    /// <summary>An array of events; each refused one is reported by index, the others are stored.</summary>
    public static async Task<IResult> IngestBatch(JsonElement[] body, JsonItems json, ICustomerStore store, TimeProvider time, CancellationToken ct)
    {
        var (items, errors) = json.Read<EventBody>(body);
        var now = time.GetUtcNow();
        var valid = new List<(int Index, Core.Customers.CustomerEvent Event)>();
        foreach (var (index, item) in items)
        {
            var (e, problems) = item.ToEvent(now);
            if (e is null) errors.AddRange(problems.Select(p => new ItemError(index, item.Id, p.Field, p.Message)));
            else valid.Add((index, e));
        }

        var report = await store.AppendEventsAsync(valid.Select(v => v.Event).ToArray(), ct);
        errors.AddRange(report.Issues.Where(i => i.Kind != EventIssueKind.Duplicate).Select(i =>
            new ItemError(valid[i.Index].Index, i.EventId, i.Kind == EventIssueKind.UnknownCustomer ? "customerId" : FieldOf(i.Message), i.Message)));
        return TypedResults.Ok(new EventBatchReport(report.Accepted, report.Duplicates.Count(), [.. errors.OrderBy(e => e.Index)]));
    }

    // The store's own checks (amount precision, expires_at) name the field only in their message.
    private static string FieldOf(string message) =>
        message.Contains("expires_at", StringComparison.Ordinal) ? "properties.expires_at"
        : message.StartsWith("Amount", StringComparison.Ordinal) ? "amount" : "";
}
