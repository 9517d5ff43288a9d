using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Outreach.Core;

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

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<PendingLine> _pending = [];
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
        var line = JsonSerializer.Serialize(new OutboxLine(id, _time.GetUtcNow(), message.Channel.ToName(), message.TouchId,
            message.CampaignId, message.CustomerId, message.Variant, message.Address, message.Subject, message.Body, message.Html,
            message.TemplateId, message.Voice, message.Language), Json);
        var written = new PendingLine(System.Text.Encoding.UTF8.GetBytes(line + "\n"), message.TouchId);
        lock (_pending) _pending.Add(written);

        // Group commit: whoever holds the gate writes every line waiting by then in one locked write, so concurrent
        // sends cost one lock and one write between them; the others find their line written when their turn comes.
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Not written unless a writer already took the line: then it is in the file, and the send happened.
            lock (_pending)
                if (_pending.Remove(written)) throw;
            await written.Done.Task;
            return id;
        }
        try
        {
            if (!written.Done.Task.IsCompleted) WritePending();
        }
        finally
        {
            _gate.Release();
        }
        await written.Done.Task;
        return id;
    }

    private void WritePending()
    {
        List<PendingLine> lines;
        lock (_pending)
        {
            lines = [.. _pending];
            _pending.Clear();
        }
        try
        {
            var bytes = new byte[lines.Sum(l => l.Bytes.Length)];
            var at = 0;
            foreach (var pending in lines)
            {
                pending.Bytes.CopyTo(bytes, at);
                at += pending.Bytes.Length;
            }
            WriteAtEnd(bytes);
            foreach (var pending in lines) _touchIds?.Add(pending.TouchId);
            foreach (var pending in lines) pending.Done.TrySetResult();
        }
        catch (Exception error)
        {
            foreach (var pending in lines) pending.Done.TrySetException(error);
        }
    }

    /// <summary>A line waiting for the group write; a class, so that it is found again by reference.</summary>
    private sealed class PendingLine(byte[] bytes, string touchId)
    {
        public byte[] Bytes { get; } = bytes;
        public string TouchId { get; } = touchId;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
    public async Task<bool> ContainsAsync(string touchId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _touchIds ??= new HashSet<string>(StringComparer.Ordinal);
            if (_touchIds.Contains(touchId)) return true;
            await foreach (var written in OutboxScanner.ReadTouchIdsAsync(Path, _scannedTo.Value, _scannedTo, cancellationToken))
                _touchIds.Add(written);
            return _touchIds.Contains(touchId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        _gate.Dispose();
    }

    private sealed record OutboxLine(
        string Id, DateTimeOffset SentAt, string Channel, string TouchId, string CampaignId, string CustomerId, string? Variant,
        string Address, string? Subject, string Body, string? Html, string? TemplateId, string? Voice, string? Language);
}
