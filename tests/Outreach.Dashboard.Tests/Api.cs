using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Outreach.Dashboard.Tests;

/// <summary>What the API answers, read the way the page reads it, and numbers formatted as the page shows them in English.</summary>
internal static class Api
{
    public static async Task<JsonElement> GetAsync(this DashboardServer server, string path)
    {
        using var client = server.AdminClient();
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    /// <summary>An integer as the page shows it in English: 1,234 (the invariant culture groups the same way).</summary>
    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Int(JsonElement value) => Int(value.GetInt64());

    public static IEnumerable<JsonElement> Items(this JsonElement array) => array.EnumerateArray();
}
