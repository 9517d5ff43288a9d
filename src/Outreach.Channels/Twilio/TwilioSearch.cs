using System.Globalization;
using System.Text.Json;

namespace Outreach.Channels.Twilio;

/// <summary>
/// What a search of Twilio's newest messages or calls to one number found, as a value: the resource, none, or nothing
/// known (the list could not be read, or the page ended inside the window before a match, so an older one may exist).
/// </summary>
internal abstract record TwilioSearch
{
    public sealed record Found(string Sid) : TwilioSearch;

    public sealed record NotFound : TwilioSearch;

    public sealed record Failed(string Reason) : TwilioSearch;

    /// <summary>
    /// The newest resource (<c>Messages.json</c> or <c>Calls.json</c>) to <paramref name="to"/> created at or after
    /// <paramref name="since"/> that <paramref name="matches"/>; Twilio lists them newest first.
    /// </summary>
    public static async Task<TwilioSearch> FindAsync(TwilioClient client, string resource, string to, DateTimeOffset since,
        Func<JsonElement, bool> matches, int pageSize, CancellationToken ct)
    {
        if (await client.ListAsync(resource, to, pageSize, ct) is not { } items) return new Failed("the list could not be read");
        var found = items.FirstOrDefault(item => To(item) == to && CreatedSince(item, since) && matches(item));
        if (found.ValueKind == JsonValueKind.Object && found.TryGetProperty("sid", out var sid) && sid.GetString() is { Length: > 0 } id)
            return new Found(id);
        return items.Count >= pageSize && CreatedSince(items[^1], since)
            ? new Failed($"more than {pageSize.ToString(CultureInfo.InvariantCulture)} to the number in the window")
            : new NotFound();
    }

    private static string? To(JsonElement item) =>
        item.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String ? to.GetString() : null;

    private static bool CreatedSince(JsonElement item, DateTimeOffset since) =>
        item.TryGetProperty("date_created", out var created) && created.ValueKind == JsonValueKind.String && created.GetString() is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at >= since;
}
