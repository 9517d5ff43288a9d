using Outreach.Core;

namespace Outreach.Limits.Suppression;

/// <summary>Why a customer or an address must not be contacted on a channel.</summary>
public enum SuppressionReason
{
    OptOut,
    Complaint,
    InvalidContact,
}

/// <summary>A suppression of one customer (all their addresses) or one contact address, on one channel. Always wins.</summary>
public sealed record Suppression(Channel Channel, SubjectKind Kind, string Subject, SuppressionReason Reason)
{
    public static Suppression OfCustomer(Channel channel, string customerId, SuppressionReason reason) => new(channel, SubjectKind.Customer, customerId, reason);
    public static Suppression OfAddress(Channel channel, string address, SuppressionReason reason) => new(channel, SubjectKind.Address, address, reason);
}

/// <summary>The suppression list, per channel. Entries stay until removed (a re-opt-in); they never expire.</summary>
public interface ISuppressionList
{
    Task AddAsync(Suppression suppression, CancellationToken ct = default);
    Task<bool> RemoveAsync(Channel channel, SubjectKind kind, string subject, CancellationToken ct = default);

    /// <summary>The suppression that stops a touch on this channel to this customer or address, if any.</summary>
    ValueTask<Suppression?> FindAsync(Channel channel, string customerId, string? address, CancellationToken ct = default);

    /// <summary>
    /// Every entry, at most <paramref name="limit"/> of them (ordered by channel, kind and subject), for people to read:
    /// the engine only ever looks entries up.
    /// </summary>
    Task<IReadOnlyList<Suppression>> ListAsync(int limit, CancellationToken ct = default);

    /// <summary>
    /// <see cref="FindAsync"/> for many touches at once, answers in the order asked. A list backed by a server overrides it
    /// to ask in one round trip: the engine asks about all the channels of a batch's touches that stop before their caps.
    /// </summary>
    async Task<IReadOnlyList<Suppression?>> FindManyAsync(IReadOnlyList<SuppressionQuery> queries, CancellationToken ct = default)
    {
        var found = new Suppression?[queries.Count];
        for (var i = 0; i < queries.Count; i++) found[i] = await FindAsync(queries[i].Channel, queries[i].CustomerId, queries[i].Address, ct);
        return found;
    }
}

/// <summary>One question for <see cref="ISuppressionList.FindManyAsync"/>: may this customer, at this address, be contacted on this channel?</summary>
public readonly record struct SuppressionQuery(Channel Channel, string CustomerId, string? Address);

/// <summary>How suppressions are listed: by channel, then customers before addresses, then subject.</summary>
internal sealed class SuppressionOrder : IComparer<Suppression>
{
    public static readonly SuppressionOrder Instance = new();

    public int Compare(Suppression? x, Suppression? y) =>
        (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => x.Channel != y.Channel ? x.Channel.CompareTo(y.Channel)
                : x.Kind != y.Kind ? x.Kind.CompareTo(y.Kind)
                : string.CompareOrdinal(x.Subject, y.Subject),
        };
}
