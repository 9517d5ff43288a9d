using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Outreach.Core.Customers;

namespace Outreach.Server.Apis;

/// <summary>
/// An event as a store system sends it: <c>purchase</c> (with <c>amount</c>), <c>membership_expiring</c>,
/// <c>membership_expired</c>, <c>membership_renewed</c> (optional property <c>expires_at</c>) or a custom name.
/// The id is the sender's; sending it again is safe. Values of the sender's own go in <c>properties</c>; any other
/// property is refused, not ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
// Id, customer and type are required (checked in ToEvent, so each one missing is named); the rest may be left out.
public sealed partial record EventBody(
    string? Id,
    string? CustomerId,
    string? Type,
    DateTimeOffset? OccurredAt = null,
    decimal? Amount = null,
    IReadOnlyDictionary<string, JsonElement>? Properties = null)
{
    /// <summary>
    /// How far ahead of this server's clock an event may say it happened: a sender's clock may run a little fast, but an
    /// event from the future would make recency negative and every "days since" filter wrong.
    /// </summary>
    public static readonly TimeSpan ClockSkewAllowed = TimeSpan.FromMinutes(5);

    public static readonly IReadOnlyList<string> KnownTypes =
        [EventTypes.Purchase, EventTypes.MembershipExpiring, EventTypes.MembershipExpired, EventTypes.MembershipRenewed];

    /// <summary>The event, or every problem by field; an event without <c>occurredAt</c> happened when it was received.</summary>
    public (CustomerEvent? Event, List<(string Field, string Message)> Errors) ToEvent(DateTimeOffset now)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Id)) errors.Add(("id", "Every event needs an id (the sender's, so a retry is recognised)."));
        if (string.IsNullOrWhiteSpace(CustomerId)) errors.Add(("customerId", "Every event needs the id of its customer."));
        if (string.IsNullOrWhiteSpace(Type)) errors.Add(("type", $"Every event needs a type ({string.Join(", ", KnownTypes)} or a custom name)."));
        else if (!TypeName().IsMatch(Type))
            errors.Add(("type", $"'{Type}' is not an event type: use lower-case letters, digits and '_' ({string.Join(", ", KnownTypes)} or a custom name)."));
        if (Amount < 0) errors.Add(("amount", "An amount cannot be negative."));
        if (OccurredAt > now + ClockSkewAllowed)
            errors.Add(("occurredAt", $"{OccurredAt:u} is in the future (it is {now:u} here); an event is sent once it has happened."));

        var properties = new Dictionary<string, string>();
        foreach (var (name, value) in Properties ?? new Dictionary<string, JsonElement>())
        {
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                errors.Add(($"properties.{name}", "A property is a string, number or boolean, not an object or array."));
            else if (value.ValueKind is not JsonValueKind.Null)
                properties[name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }

        return errors.Count > 0 ? (null, errors) : (new CustomerEvent
        {
            Id = Id!.Trim(),
            CustomerId = CustomerId!.Trim(),
            Type = Type!,
            OccurredAt = OccurredAt ?? now,
            Amount = Amount,
            Properties = properties,
        }, errors);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex TypeName();
}

/// <summary>What became of one event: <c>accepted</c> (new, applied) or <c>duplicate</c> (seen before, ignored).</summary>
public sealed record EventReceipt(string EventId, string Status);

/// <summary>What a batch did: how many events were new, how many were seen before, and why each other one was refused.</summary>
public sealed record EventBatchReport(int Accepted, int Duplicates, IReadOnlyList<ItemError> Errors);
