using System.Text.Encodings.Web;
using System.Text.Json;

namespace Outreach.Storage.Relational;

/// <summary>JSON as stored in tag and property columns: non-ASCII text kept readable (and shorter) instead of \u-escaped.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
