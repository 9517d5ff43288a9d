using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Core.Concurrency;

namespace Outreach.Channels.Outbox;

/// <summary>
/// Appends one JSON line per message and flushes it before answering, so a line in the file is a touch
/// that was sent, even if the process dies right after. Shared by the outbox senders of every channel, and
/// the one that knows which touches the file holds. Several processes may share one file (an engine and an
/// <c>outreach run</c> in the same folder): each line is written whole, at the end, under an advisory lock.
/// Lines appended at the same time are written together (a group commit), still each one whole.
/// </summary>
public sealed class OutboxWriter : IDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly GroupCommit<(byte[] Bytes, string TouchId), bool> _lines;
    private readonly FileStream _file;
    private readonly TimeProvider _time;

    /// <summary>
    /// Touch ids in the file: null until the first lookup reads them, then kept up to date by every append. Lookups
    /// only happen for touches claimed again after a crash, so the normal path never reads the file.
    /// </summary>
    private HashSet<string>? _touchIds;

    /// <summary>Where the lookups' last scan stopped: lines other processes append later are read from there.</summary>
    private readonly System.Runtime.CompilerServices.StrongBox<long> _scannedTo = new(0);

    public OutboxWriter(IOptions<OutboxOptions> options, TimeProvider time)
    {
        _time = time;
        _lines = new(WriteLines);
        Path = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var tornLastLine = OutboxScanner.EndsMidLine(Path);
        // Not FileMode.Append: on Unix .NET tracks the position itself, so two processes appending would overwrite each
        // other. Every write seeks to the end under the lock instead.
        _file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        if (tornLastLine)
        {
            // A process killed mid-write left half a line; end it, so the next touch does not merge into it.
            WriteAtEnd("\n"u8.ToArray());
        }
    }

    public string Path { get; }

    /// <summary>The provider id the outbox gives a touch.</summary>
    public static string ProviderIdOf(string touchId) => "outbox-" + touchId;

    public async Task<string> AppendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var id = ProviderIdOf(message.TouchId);
        var line = JsonSerializer.SerializeToUtf8Bytes(new OutboxLine(id, _time.GetUtcNow(), message.Channel.ToName(), message.TouchId,
            message.CampaignId, message.CustomerId, message.Variant, message.Address, message.Subject, message.Body, message.Html,
            message.TemplateId, message.Voice, message.Language), Json);
        // Concurrent sends share one locked write (a group commit), each line still whole.
        await _lines.AddAsync((line, message.TouchId), cancellationToken);
        return id;
    }

    private Task<IReadOnlyList<bool>> WriteLines(IReadOnlyList<(byte[] Bytes, string TouchId)> lines)
    {
        var bytes = new byte[lines.Sum(l => l.Bytes.Length + 1)];
        var at = 0;
        foreach (var (line, _) in lines)
        {
            line.CopyTo(bytes, at);
            at += line.Length;
            bytes[at++] = (byte)'\n';
        }
        WriteAtEnd(bytes);
        foreach (var (_, touchId) in lines) _touchIds?.Add(touchId);
        return Task.FromResult<IReadOnlyList<bool>>(Enumerable.Repeat(true, lines.Count).ToList());
    }

    /// <summary>One whole line at the current end of the file, flushed, while no other process writes (advisory lock).</summary>
    private void WriteAtEnd(byte[] line)
    {
        for (var wait = 1; ; wait = Math.Min(wait * 2, 50))
        {
            try
            {
                _file.Lock(0, long.MaxValue);
                break;
            }
            catch (IOException)
            {
                Thread.Sleep(wait); // another process is writing its line: microseconds
            }
        }
        try
        {
            _file.Seek(0, SeekOrigin.End);
            _file.Write(line);
            _file.Flush(flushToDisk: false);
        }
        finally
        {
            _file.Unlock(0, long.MaxValue);
        }
    }

    /// <summary>
    /// Whether the file holds a complete line for <paramref name="touchId"/>, written by this process or another one.
    /// The first call reads the whole file once (streaming), later ones only what other processes appended since;
    /// this process's appends wait meanwhile, so none is missed.
    /// </summary>
    public Task<bool> ContainsAsync(string touchId, CancellationToken cancellationToken) => _lines.ExclusiveAsync(async () =>
    {
        _touchIds ??= new HashSet<string>(StringComparer.Ordinal);
        if (_touchIds.Contains(touchId)) return true;
        await foreach (var written in OutboxScanner.ReadTouchIdsAsync(Path, _scannedTo.Value, _scannedTo, cancellationToken))
            _touchIds.Add(written);
        return _touchIds.Contains(touchId);
    }, cancellationToken);

    public void Dispose()
    {
        _file.Dispose();
        _lines.Dispose();
    }

    private sealed record OutboxLine(
        string Id, DateTimeOffset SentAt, string Channel, string TouchId, string CampaignId, string CustomerId, string? Variant,
        string Address, string? Subject, string Body, string? Html, string? TemplateId, string? Voice, string? Language);
}
