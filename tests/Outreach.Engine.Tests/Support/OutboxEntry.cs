using System.Text.Json;

namespace Outreach.Engine.Tests.Support;

/// <summary>One line of the outbox file, read back: who got what, over which channel, when.</summary>
public sealed record OutboxEntry(
    string TouchId, string CampaignId, string CustomerId, string Channel, string? Variant, string Address, string Body, DateTimeOffset SentAt)
{
    public static OutboxEntry Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new OutboxEntry(
            Text("touch_id")!, Text("campaign_id")!, Text("customer_id")!, Text("channel")!, Text("variant"), Text("address")!, Text("body")!,
            root.GetProperty("sent_at").GetDateTimeOffset());
    }
}
