using System.Globalization;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>What an event changes on its customer besides being recorded.</summary>
internal abstract record EventEffect
{
    public const string ExpiresAtProperty = "expires_at";

    public static readonly EventEffect None = new NoEffect();

    /// <summary>The effect of <paramref name="e"/>, or why the event is malformed.</summary>
    public static (EventEffect? Effect, string? Error) Of(CustomerEvent e)
    {
        if (string.IsNullOrWhiteSpace(e.Id)) return (null, "Every event needs an id.");
        if (string.IsNullOrWhiteSpace(e.CustomerId)) return (null, "Every event needs a customer id.");
        if (string.IsNullOrWhiteSpace(e.Type)) return (null, "Every event needs a type.");
        if (e.Amount is { } amount && !StoredMoney.IsStorable(amount))
            return (null, $"Amount {amount} has more than four decimal places or is out of range.");

        DateTimeOffset? expiresAt = null;
        if (e.Properties?.TryGetValue(ExpiresAtProperty, out var text) == true)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return (null, $"Property '{ExpiresAtProperty}' = '{text}' is not a date and time (use ISO 8601, e.g. 2025-03-01T00:00:00Z).");
            expiresAt = parsed;
        }

        return (e.Type switch
        {
            EventTypes.Purchase => new Purchase(e.OccurredAt, e.Amount ?? 0m),
            // An expiry notice without a date means the membership ended when the event happened.
            EventTypes.MembershipExpired => new Membership(MembershipStatus.Expired, expiresAt ?? e.OccurredAt, e.OccurredAt),
            EventTypes.MembershipRenewed => new Membership(MembershipStatus.Active, expiresAt, e.OccurredAt),
            EventTypes.MembershipExpiring => expiresAt is null ? None : new Membership(null, expiresAt, e.OccurredAt),
            _ => None,
        }, null);
    }

    /// <summary>Updates first/last purchase, count and total spend as <see cref="PurchaseStats.With"/> does.</summary>
    public sealed record Purchase(DateTimeOffset At, decimal Amount) : EventEffect;

    /// <summary>Sets status and/or expiry, unless a later membership event was applied already (events may arrive out of order).</summary>
    public sealed record Membership(MembershipStatus? Status, DateTimeOffset? ExpiresAt, DateTimeOffset At) : EventEffect;

    private sealed record NoEffect : EventEffect;
}
