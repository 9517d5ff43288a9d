using System.Text.Json.Serialization;
using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Server.Apis;

/// <summary>
/// A customer as a store system sends it (<c>PUT /customers/{id}</c>, or an item of <c>POST /customers/batch</c>).
/// PUT replaces what is known about the customer; purchase history comes from events and is kept. A property it does
/// not know is refused, not ignored: a misspelt field would otherwise be lost without a word.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
// Every property may be left out (defaults, so the OpenAPI document does not call them required): the id is the path's.
public sealed record CustomerBody(
    string? Id = null,
    string? Name = null,
    string? Phone = null,
    string? Email = null,
    string? WeChatOpenId = null,
    string? TimeZone = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Consent = null,
    string? MembershipTier = null,
    string? MembershipStatus = null,
    DateTimeOffset? MembershipExpiresAt = null,
    DateTimeOffset? CreatedAt = null)
{
    /// <summary>
    /// The customer with its contacts normalised, or every problem at once, each with the body's field it is in (the
    /// contacts are checked as the store checks them, so a sender fixes everything in one round).
    /// </summary>
    public (Customer? Customer, List<(string Field, string Message)> Errors) ToCustomer(string id, DateTimeOffset createdIfNew, ContactValidator contacts)
    {
        var errors = new List<(string, string)>();
        var consent = new Dictionary<Channel, ConsentStatus>();
        foreach (var (name, answer) in Consent ?? new Dictionary<string, string>())
        {
            if (!ChannelNames.TryParse(name, out var channel))
                errors.Add(($"consent.{name}", $"'{name}' is not a channel (use {string.Join(", ", ChannelNames.All)})."));
            else if (!TryParseConsent(answer, out var status))
                errors.Add(($"consent.{name}", $"'{answer}' is not a consent answer (use opted_in, opted_out or unknown)."));
            else if (status != ConsentStatus.Unknown)
                consent[channel] = status;
        }
        if (!TryParseMembership(MembershipStatus, out var membership))
            errors.Add(("membershipStatus", $"'{MembershipStatus}' is not a membership status (use none, active, expired or cancelled)."));
        if (Tags?.Any(string.IsNullOrWhiteSpace) == true) errors.Add(("tags", "Tags must not be empty."));

        var customer = new Customer
        {
            Id = id,
            Name = Blank(Name),
            Phone = Blank(Phone),
            Email = Blank(Email),
            WeChatOpenId = Blank(WeChatOpenId),
            TimeZone = Blank(TimeZone),
            Tags = Tags?.Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? [],
            Consent = consent,
            MembershipTier = Blank(MembershipTier)?.ToLowerInvariant(),
            MembershipStatus = membership,
            MembershipExpiresAt = MembershipExpiresAt,
            CreatedAt = CreatedAt ?? createdIfNew,
        };
        var (checkedCustomer, contactErrors) = contacts.Validate(customer);
        // The validator names fields as the CSV columns do; here they are the JSON body's.
        errors.AddRange(contactErrors.Select(e => (e.Field == "timezone" ? "timeZone" : e.Field, e.Message)));
        return errors.Count > 0 ? (null, errors) : (checkedCustomer, errors);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool TryParseConsent(string? text, out ConsentStatus status)
    {
        (var known, status) = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "unknown" => (true, ConsentStatus.Unknown),
            "opted_in" or "yes" => (true, ConsentStatus.OptedIn),
            "opted_out" or "no" => (true, ConsentStatus.OptedOut),
            _ => (false, ConsentStatus.Unknown),
        };
        return known;
    }

    private static bool TryParseMembership(string? text, out MembershipStatus status)
    {
        (var known, status) = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "none" => (true, Core.Customers.MembershipStatus.None),
            "active" => (true, Core.Customers.MembershipStatus.Active),
            "expired" => (true, Core.Customers.MembershipStatus.Expired),
            "cancelled" or "canceled" => (true, Core.Customers.MembershipStatus.Cancelled),
            _ => (false, Core.Customers.MembershipStatus.None),
        };
        return known;
    }
}
