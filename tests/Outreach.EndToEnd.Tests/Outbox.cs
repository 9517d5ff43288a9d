using System.Text.Json;

namespace Outreach.EndToEnd.Tests;

/// <summary>One touch the outbox channel wrote: what reached which customer, over which channel and address.</summary>
public sealed record OutboxLine(string TouchId, string CampaignId, string CustomerId, string Channel, string Address, DateTimeOffset SentAt)
{
    /// <summary>The sequence step, from the touch id (<c>campaign/run/step/customer</c>, each part escaped).</summary>
    public int Step => int.Parse(TouchId.Split('/')[^2]);
}

/// <summary>Reads outbox files the way an auditor would: every complete line is a touch that left.</summary>
public static class Outbox
{
    /// <summary>
    /// The touches in the file. A line that is not one whole JSON object (torn by a kill mid-write) is skipped: the
    /// engine does not count it as sent either.
    /// </summary>
    public static IReadOnlyList<OutboxLine> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = new List<OutboxLine>();
        foreach (var text in ReadAllLines(path))
        {
            JsonElement line;
            try
            {
                line = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException)
            {
                continue;
            }
            if (line.ValueKind != JsonValueKind.Object) continue;
            lines.Add(new OutboxLine(line.GetProperty("touch_id").GetString()!, line.GetProperty("campaign_id").GetString()!,
                line.GetProperty("customer_id").GetString()!, line.GetProperty("channel").GetString()!,
                line.GetProperty("address").GetString()!, line.GetProperty("sent_at").GetDateTimeOffset()));
        }
        return lines;
    }

    /// <summary>How many lines are complete so far, read while the engine may be appending to the file.</summary>
    public static int CountCompleteLines(string path)
    {
        if (!File.Exists(path)) return 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[64 * 1024];
        int read, count = 0;
        while ((read = file.Read(buffer)) > 0) count += buffer.AsSpan(0, read).Count((byte)'\n');
        return count;
    }

    private static IEnumerable<string> ReadAllLines(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return line;
    }
}
