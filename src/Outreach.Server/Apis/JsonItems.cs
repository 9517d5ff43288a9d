using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Outreach.Server.Apis;

/// <summary>
/// Reads the items of a batch one by one, so an item of the wrong shape is reported by its index and field while
/// the others go on; a body that is not a JSON array at all is the caller's problem (400).
/// </summary>
public sealed class JsonItems(IOptions<JsonOptions> json)
{
    public (List<(int Index, T Item)> Items, List<ItemError> Errors) Read<T>(JsonElement[] elements)
    {
        var items = new List<(int, T)>(elements.Length);
        var errors = new List<ItemError>();
        for (var i = 0; i < elements.Length; i++)
        {
            try
            {
                if (elements[i].ValueKind != JsonValueKind.Object)
                    errors.Add(new ItemError(i, null, "", $"Item {i} is {elements[i].ValueKind.ToString().ToLowerInvariant()}, not an object."));
                else if (elements[i].Deserialize<T>(json.Value.SerializerOptions) is { } item)
                    items.Add((i, item));
            }
            catch (JsonException e)
            {
                errors.Add(new ItemError(i, elements[i].TryGetProperty("id", out var id) ? id.ToString() : null, JsonFields.Name(e.Path), JsonFields.Describe(e)));
            }
        }
        return (items, errors);
    }
}

/// <summary>One rejected item of a batch: its index in the posted array, its id when it had one, the field and why.</summary>
public sealed record ItemError(int Index, string? Id, string Field, string Message);

/// <summary>Field names out of System.Text.Json's paths (<c>$.membershipExpiresAt</c> → <c>membershipExpiresAt</c>).</summary>
public static class JsonFields
{
    public static string Name(string? path) => path is null or "$" ? "" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');

    /// <summary>What was wrong, without System.Text.Json's type names and byte positions.</summary>
    public static string Describe(JsonException e)
    {
        var field = Name(e.Path);
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
            return field.Length > 0 ? $"'{field}' has a value of the wrong type or format." : "The value has the wrong type or format.";
        return field.Length > 0 ? $"'{field}' could not be read: {FirstSentence(e.Message)}" : $"The body is not valid JSON: {FirstSentence(e.Message)}";
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
