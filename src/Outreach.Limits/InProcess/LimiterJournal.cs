using System.Globalization;
using System.Text;
using Outreach.Limits.Caps;

namespace Outreach.Limits.InProcess;

/// <summary>
/// Makes the in-process limiter's histories survive a restart: every reservation and release is appended to a small
/// text journal (flushed to the OS before the answer, so a crashed process loses nothing), replayed on start and
/// compacted to what can still count. One process owns the file, under an exclusive lock held while it lives: a second
/// process on the same folder gets <see cref="LimiterJournalInUseException"/> instead of caps of its own. Several
/// processes need the Redis limiter.
/// </summary>
public sealed class LimiterJournal : IDisposable
{
    private readonly string _path;
    private readonly object _gate = new();
    private StreamWriter? _writer;
    private FileStream? _owned;

    public LimiterJournal(string path) => _path = Path.GetFullPath(path);

    /// <summary>The lock file beside the journal (the journal itself is replaced when compacted, so it cannot hold the lock).</summary>
    public string LockPath => _path + ".lock";

    /// <summary>Reads the journal back as histories by subject, keeping entries younger than <paramref name="keepSeconds"/>.</summary>
    internal Dictionary<string, List<TouchEntry>> Load(long nowSeconds, long keepSeconds)
    {
        Own();
        var histories = new Dictionary<string, List<TouchEntry>>(StringComparer.Ordinal);
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadLines(_path))
            {
                var parts = line.Split('\t');
                if (parts is ["R", var subject, var at, var word] && long.TryParse(at, CultureInfo.InvariantCulture, out var seconds)
                    && uint.TryParse(word, CultureInfo.InvariantCulture, out var packed))
                {
                    if (!histories.TryGetValue(subject, out var entries)) histories[subject] = entries = [];
                    entries.Add(new TouchEntry(seconds, packed));
                }
                else if (parts is ["D", var released, var key] && uint.TryParse(key, CultureInfo.InvariantCulture, out var touchKey)
                         && histories.TryGetValue(released, out var held))
                {
                    held.RemoveAll(entry => entry.TouchKey == touchKey);
                }
                // Anything else is a line torn by a crash mid-write: it never answered a caller, so it is safe to skip.
            }
        }

        foreach (var (subject, entries) in histories.ToList())
        {
            entries.RemoveAll(entry => nowSeconds - entry.At >= keepSeconds);
            if (entries.Count == 0) histories.Remove(subject);
        }
        Compact(histories);
        return histories;
    }

    internal void Reserved(string subject, TouchEntry entry) =>
        Append(string.Create(CultureInfo.InvariantCulture, $"R\t{subject}\t{entry.At}\t{entry.Word}"));

    internal void Released(string subject, uint touchKey) =>
        Append(string.Create(CultureInfo.InvariantCulture, $"D\t{subject}\t{touchKey}"));

    private void Append(string line)
    {
        lock (_gate)
        {
            _writer ??= Open(FileMode.Append);
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    private void Compact(Dictionary<string, List<TouchEntry>> histories)
    {
        lock (_gate)
        {
            _writer?.Dispose();
            // The first start on a fresh machine: Limits:DataDirectory may not exist yet.
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            using (var writer = new StreamWriter(temporary, append: false, Encoding.UTF8))
                foreach (var (subject, entries) in histories)
                    foreach (var entry in entries)
                        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"R\t{subject}\t{entry.At}\t{entry.Word}"));
            File.Move(temporary, _path, overwrite: true);
            _writer = Open(FileMode.Append);
        }
    }

    private StreamWriter Open(FileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        return new StreamWriter(new FileStream(_path, mode, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    // How .NET reports a file locked by another process: flock's EWOULDBLOCK on Unix, ERROR_SHARING_VIOLATION on Windows.
    private const int WouldBlock = 11, SharingViolation = unchecked((int)0x80070020);

    /// <summary>
    /// Takes the journal for this process: an exclusive lock on its lock file (flock on Unix, a sharing lock on Windows),
    /// which the operating system drops when the process ends, however it ends.
    /// </summary>
    private void Own()
    {
        lock (_gate)
        {
            if (_owned is not null) return;
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            try
            {
                _owned = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (e.HResult is WouldBlock or SharingViolation)
            {
                throw new LimiterJournalInUseException(_path, LockPath, e);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _owned?.Dispose();
            _owned = null;
        }
    }
}
