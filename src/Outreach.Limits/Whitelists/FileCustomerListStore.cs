namespace Outreach.Limits.Whitelists;

/// <summary>The in-process flavour's customer lists: in memory, written through to a JSON file so they survive restarts.</summary>
public sealed class FileCustomerListStore : ICustomerListStore
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly State _state;

    public FileCustomerListStore(string path)
    {
        _path = path;
        _state = JsonFile.Read<State>(path);
    }

    public Task AddAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default) =>
        Change(list, members => members.UnionWith(customerIds));

    public Task RemoveAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default) =>
        Change(list, members => members.ExceptWith(customerIds));

    public Task<IReadOnlySet<string>> MembersAsync(string list, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlySet<string>>(_state.Lists.TryGetValue(list, out var members) ? new HashSet<string>(members) : new HashSet<string>());
    }

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<string>>(_state.Lists.Keys.Order().ToList());
    }

    public Task<long> VersionAsync(CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_state.Version);
    }

    private Task Change(string list, Action<HashSet<string>> change)
    {
        lock (_gate)
        {
            if (!_state.Lists.TryGetValue(list, out var members)) _state.Lists[list] = members = [];
            change(members);
            if (members.Count == 0) _state.Lists.Remove(list);
            _state.Version++;
            JsonFile.Write(_path, _state);
        }
        return Task.CompletedTask;
    }

    private sealed class State
    {
        public long Version { get; set; }
        public Dictionary<string, HashSet<string>> Lists { get; set; } = [];
    }
}
