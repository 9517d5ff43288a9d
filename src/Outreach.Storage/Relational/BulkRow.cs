using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>One customer of a bulk load in stored form, with their events.</summary>
internal sealed record BulkRow(CustomerRow Customer, IReadOnlyList<EventRow> Events)
{
    /// <summary>
    /// A bulk load replaces rows: a customer without a creation date is created <paramref name="now"/>. A row's events
    /// are that customer's.
    /// </summary>
    public static BulkRow From(Customer customer, PurchaseStats purchases, IReadOnlyList<CustomerEvent> events, long now)
    {
        var stored = new EventRow[events.Count];
        for (var i = 0; i < stored.Length; i++) stored[i] = EventRow.From(events[i], customer.Id);
        var row = CustomerRow.From(customer, purchases);
        return new BulkRow(row.CreatedAt is null ? row with { CreatedAt = now } : row, stored);
    }
}
