using Outreach.Core.Customers;

namespace Outreach.Storage;

/// <summary>An event with the moment the store received it.</summary>
public sealed record ReceivedEvent(CustomerEvent Event, DateTimeOffset ReceivedAt)
{
    public EventPosition Position => new(ReceivedAt, Event.Id);
}

/// <summary>A place in the order events were received: by the moment received, then by event id.</summary>
public sealed record EventPosition(DateTimeOffset ReceivedAt, string EventId)
{
    /// <summary><c>unix-ms|event-id</c>, as kept in a cursor.</summary>
    public override string ToString() => $"{ReceivedAt.ToUnixTimeMilliseconds()}|{EventId}";

    public static EventPosition Parse(string text)
    {
        var bar = text.IndexOf('|');
        if (bar < 0 || !long.TryParse(text.AsSpan(0, bar), out var ms))
            throw new FormatException($"'{text}' is not an event position (unix-ms|event-id).");
        return new(DateTimeOffset.FromUnixTimeMilliseconds(ms), text[(bar + 1)..]);
    }
}
