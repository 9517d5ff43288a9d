using Outreach.Core;

namespace Outreach.Limits.Suppression;

/// <summary>The in-process flavour's suppression list: in memory, written through to a JSON file so it survives restarts.</summary>
public sealed class FileSuppressionList : ISuppressionList
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly Dictionary<(Channel, SubjectKind, string), Suppression> _entries;

    public FileSuppressionList(string path)
    {
        _path = path;
        _entries = JsonFile.Read<List<Suppression>>(path).ToDictionary(s => (s.Channel, s.Kind, s.Subject));
    }

    public Task AddAsync(Suppression suppression, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _entries[(suppression.Channel, suppression.Kind, suppression.Subject)] = suppression;
            JsonFile.Write(_path, _entries.Values.ToList());
        }
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(Channel channel, SubjectKind kind, string subject, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_entries.Remove((channel, kind, subject))) return Task.FromResult(false);
            JsonFile.Write(_path, _entries.Values.ToList());
            return Task.FromResult(true);
        }
    }

    public ValueTask<Suppression?> FindAsync(Channel channel, string customerId, string? address, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((channel, SubjectKind.Customer, customerId), out var found)) return ValueTask.FromResult<Suppression?>(found);
            if (address is not null && _entries.TryGetValue((channel, SubjectKind.Address, address), out found)) return ValueTask.FromResult<Suppression?>(found);
            return ValueTask.FromResult<Suppression?>(null);
        }
    }

    public Task<IReadOnlyList<Suppression>> ListAsync(int limit, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Suppression>>(_entries.Values.Order(SuppressionOrder.Instance).Take(limit).ToList());
    }
}
