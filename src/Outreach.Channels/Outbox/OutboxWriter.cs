using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Outreach.Core;

namespace Outreach.Channels.Outbox;

/// <summary>
/// Appends one JSON line per message and flushes it before answering, so a line in the file is a touch
/// that was sent, even if the process dies right after. Shared by the outbox senders of every channel, and
/// the one that knows which touches the file holds.
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
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;

    /// <summary>
    /// Touch ids in the file: null until the first lookup reads them, then kept up to date by every append. Lookups
    /// only happen for touches claimed again after a crash, so the normal path never reads the file.
    /// </summary>
    private HashSet<string>? _touchIds;

    public OutboxWriter(IOptions<OutboxOptions> options, TimeProvider time)
    {
        _time = time;
        Path = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var tornLastLine = OutboxScanner.EndsMidLine(Path);
        _writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { NewLine = "\n" };
        if (tornLastLine)
        {
            // A process killed mid-write left half a line; end it, so the next touch does not merge into it.
            _writer.Write('\n');
            _writer.Flush();
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
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _writer.WriteLineAsync(line.AsMemory(), cancellationToken);
            await _writer.FlushAsync(cancellationToken);
            _touchIds?.Add(message.TouchId);
        }
        finally
        {
            _gate.Release();
        }
        return id;
    }

    /// <summary>
    /// Whether the file holds a complete line for <paramref name="touchId"/>, written by this process or an earlier one.
    /// The first call reads the whole file once (streaming); appends wait meanwhile, so none is missed.
    /// </summary>
    public async Task<bool> ContainsAsync(string touchId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_touchIds is null)
            {
                var touchIds = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var written in OutboxScanner.ReadTouchIdsAsync(Path, cancellationToken))
                    touchIds.Add(written);
                _touchIds = touchIds;
            }
            return _touchIds.Contains(touchId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _gate.Dispose();
    }

    private sealed record OutboxLine(
        string Id, DateTimeOffset SentAt, string Channel, string TouchId, string CampaignId, string CustomerId, string? Variant,
        string Address, string? Subject, string Body, string? Html, string? TemplateId, string? Voice, string? Language);
}
