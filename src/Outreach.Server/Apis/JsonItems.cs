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
                errors.Add(new ItemError(i, elements[i].TryGetProperty("id", out var id) ? id.ToString() : null, JsonFields.Name(e), JsonFields.Describe(e)));
            }
        }
        return (items, errors);
    }
}

/// <summary>One rejected item of a batch: its index in the posted array, its id when it had one, the field and why.</summary>
public sealed record ItemError(int Index, string? Id, string Field, string Message);

/// <summary>Field names out of System.Text.Json's paths (<c>$.membershipExpiresAt</c> → <c>membershipExpiresAt</c>).</summary>
public static partial class JsonFields
{
    // System.Text.Json: "The JSON property 'membership' could not be mapped to any .NET member contained in type ...".
    [System.Text.RegularExpressions.GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex Unmapped();

    public static string Name(string? path) => path is null or "$" ? "" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');

    /// <summary>The field a read failed at: its path, or the property a body does not have.</summary>
    public static string Name(JsonException e)
    {
        var path = Name(e.Path);
        if (Unmapped().Match(e.Message) is not { Success: true } unmapped) return path;
        // The path of an unknown property is usually the property itself; where it is its object's, the name is added.
        var name = unmapped.Groups["name"].Value;
        return path == name || path.EndsWith("." + name, StringComparison.Ordinal) ? path : path.Length > 0 ? $"{path}.{name}" : name;
    }

    /// <summary>What was wrong, without System.Text.Json's type names and byte positions.</summary>
    public static string Describe(JsonException e)
    {
        if (Unmapped().IsMatch(e.Message))
            return $"'{Name(e)}' is not a field here: check its spelling against the API reference (/docs); values of your own go in 'properties' of an event.";
        var field = Name(e.Path);
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
            return field.Length > 0 ? $"'{field}' has a value of the wrong type or format."
                : "The body has the wrong shape: one JSON object here (a JSON array of them for the /batch endpoints).";
        return field.Length > 0 ? $"'{field}' could not be read: {FirstSentence(e.Message)}" : $"The body is not valid JSON: {FirstSentence(e.Message)}";
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
