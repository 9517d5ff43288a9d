namespace Outreach.Channels.Outbox;

/// <summary>The development channel: touches are appended to a JSON-lines file instead of leaving the building.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Channels:Outbox";

    /// <summary>File the touches are appended to, one JSON object per line.</summary>
    public string Path { get; set; } = "data/outbox.jsonl";
}
