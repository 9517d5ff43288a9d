using System.Text.Json;
using System.Text.RegularExpressions;

namespace Outreach.Channels.Tests.Twilio;

/// <summary>
/// Twilio's official OpenAPI description (copied next to this file, see spec/README.md), parsed at test time: what the
/// fake Twilio server checks each request against. Nothing of the API is retyped here.
/// </summary>
public static class TwilioSpec
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Twilio", "spec", "twilio_api_v2010.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>The path template of the description that <paramref name="path"/> is an instance of, with its path parameters.</summary>
    public static (string Template, Dictionary<string, string> Parameters)? Match(string path)
    {
        foreach (var template in Root.GetProperty("paths").EnumerateObject().Select(p => p.Name))
        {
            var names = new List<string>();
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", m => { names.Add(m.Groups[1].Value); return "([^/]+)"; }) + "$";
            var match = Regex.Match(path, pattern);
            if (!match.Success) continue;
            return (template, names.Select((name, i) => (name, Uri.UnescapeDataString(match.Groups[i + 1].Value))).ToDictionary(p => p.name, p => p.Item2));
        }
        return null;
    }

    /// <summary>Every way the request differs from the description; empty when it conforms.</summary>
    public static IEnumerable<string> Check(string method, string path, string? contentType, IReadOnlyList<KeyValuePair<string, string>> form,
        IReadOnlyList<KeyValuePair<string, string>> query)
    {
        if (Match(path) is not var (template, _))
        {
            yield return $"{method} {path}: no such path in the description";
            yield break;
        }
        if (!Root.GetProperty("paths").GetProperty(template).TryGetProperty(method.ToLowerInvariant(), out var operation))
        {
            yield return $"{method} {template}: the description has no such operation";
            yield break;
        }
        var where = $"{method} {template} ({operation.GetProperty("operationId").GetString()})";

        var queryNames = operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToHashSet()
            : [];
        foreach (var (name, _) in query)
            if (!queryNames.Contains(name)) yield return $"{where}: query parameter {name} is not declared";

        if (!operation.TryGetProperty("requestBody", out var body))
        {
            if (form.Count > 0) yield return $"{where}: has no request body but {form.Count} form parameters were sent";
            yield break;
        }
        var media = body.GetProperty("content").EnumerateObject().Select(c => c.Name).ToList();
        var sentType = contentType?.Split(';')[0].Trim();
        if (sentType is null || !media.Contains(sentType))
        {
            yield return $"{where}: content type {contentType} is not one of {string.Join(", ", media)}";
            yield break;
        }
        var schema = body.GetProperty("content").GetProperty(sentType).GetProperty("schema");
        var properties = schema.GetProperty("properties");
        foreach (var group in form.GroupBy(p => p.Key))
        {
            if (!properties.TryGetProperty(group.Key, out var property))
                yield return $"{where}: form parameter {group.Key} is not declared by the request schema";
            else if (group.Count() > 1 && property.GetProperty("type").GetString() != "array")
                yield return $"{where}: form parameter {group.Key} is repeated but is not an array";
        }
        if (schema.TryGetProperty("required", out var required))
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!form.Any(p => p.Key == name)) yield return $"{where}: required form parameter {name} is missing";
        // x-twilio.conditional names parameters in snake_case (messaging_service_sid for MessagingServiceSid).
        if (operation.TryGetProperty("x-twilio", out var twilio) && twilio.TryGetProperty("conditional", out var conditional))
            foreach (var group in conditional.EnumerateArray().Select(g => g.EnumerateArray().Select(n => n.GetString()!).ToList()))
                if (!form.Any(p => group.Contains(Snake(p.Key))))
                    yield return $"{where}: none of the conditional group [{string.Join(", ", group)}] was sent";
    }

    private static string Snake(string pascal) => Regex.Replace(pascal, "(?<!^)([A-Z])", "_$1").ToLowerInvariant();
}
