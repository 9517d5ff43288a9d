using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Outreach.Core;

namespace Outreach.Channels.Outbox;

/// <summary>
/// Appends one JSON line per message and flushes it before answering, so a line in the file is a touch
/// that was sent, even if the process dies right after. Shared by the outbox senders of every channel.
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

    public OutboxWriter(IOptions<OutboxOptions> options, TimeProvider time)
    {
        _time = time;
        Path = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
    }

    public string Path { get; }

    public async Task<string> AppendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var id = "outbox-" + message.TouchId;
        var line = JsonSerializer.Serialize(new OutboxLine(id, _time.GetUtcNow(), message.Channel.ToName(), message.TouchId,
            message.CampaignId, message.CustomerId, message.Variant, message.Address, message.Subject, message.Body, message.Html,
            message.TemplateId, message.Voice, message.Language), Json);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _writer.WriteLineAsync(line.AsMemory(), cancellationToken);
            await _writer.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
        return id;
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
