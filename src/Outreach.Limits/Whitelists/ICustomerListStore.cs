namespace Outreach.Limits.Whitelists;

/// <summary>Named customer lists (staff, vip, ...) managed at run time and kept across restarts.</summary>
public interface ICustomerListStore
{
    Task AddAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default);
    Task RemoveAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default);
    Task<IReadOnlySet<string>> MembersAsync(string list, CancellationToken ct = default);
    Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken ct = default);

    /// <summary>Changes whenever any list changes, so nodes know when to reload.</summary>
    Task<long> VersionAsync(CancellationToken ct = default);
}
