using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Outreach.Channels.Outbox;

/// <summary>
/// Reads the touch ids of an outbox file, streaming, one line in memory at a time. Only complete lines count: a line
/// that is not one whole JSON object (the last one, or one a later start closed with a newline, torn by a kill
/// mid-write) is a touch that never finished leaving.
/// </summary>
public static class OutboxScanner
{
    private const int InitialBufferSize = 64 * 1024;

    public static IAsyncEnumerable<string> ReadTouchIdsAsync(string path, CancellationToken cancellationToken = default) =>
        ReadTouchIdsAsync(path, from: 0, scannedTo: null, cancellationToken);

    /// <summary>
    /// The touch ids of the complete lines from byte <paramref name="from"/> on; <paramref name="scannedTo"/> ends up just
    /// after the last complete line, where the next scan starts (a line still being written is read again then).
    /// </summary>
    public static async IAsyncEnumerable<string> ReadTouchIdsAsync(
        string path, long from, StrongBox<long>? scannedTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) yield break;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        file.Seek(from, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var bufferAt = from; // the file offset of buffer[0]
        try
        {
            int start = 0, end = 0, searched = 0; // unread bytes are buffer[start..end); [start..searched) holds no newline
            while (true)
            {
                var newline = buffer.AsSpan(searched, end - searched).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var lineEnd = searched + newline;
                    var touchId = TouchIdOf(buffer.AsSpan(start, lineEnd - start));
                    start = searched = lineEnd + 1;
                    if (scannedTo is not null) scannedTo.Value = bufferAt + start;
                    if (touchId is not null) yield return touchId;
                    continue;
                }
                searched = end;
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    bufferAt += start;
                    (end, searched, start) = (end - start, searched - start, 0);
                }
                if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await file.ReadAsync(buffer.AsMemory(end), cancellationToken);
                if (read == 0) yield break; // what is left has no newline: the last line was torn
                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>True when the file's last line has no newline yet, so the next line must start with one.</summary>
    public static bool EndsMidLine(string path)
    {
        if (!File.Exists(path)) return false;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0) return false;
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() != '\n';
    }

    /// <summary>The top-level <c>touch_id</c> of a line that is one complete JSON object; null for anything else.</summary>
    private static string? TouchIdOf(ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty) return null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            string? touchId = null;
            // Reading to the end, not just to touch_id, is what tells a whole line from a torn one.
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("touch_id"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.String)
                    touchId = reader.GetString();
            return touchId;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
