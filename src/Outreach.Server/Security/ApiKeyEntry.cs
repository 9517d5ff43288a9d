namespace Outreach.Server.Security;

/// <summary>One configured API key (<c>Server:ApiKeys</c>): only the SHA-256 of the key is kept, never the key itself.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who holds the key (a store system, the dashboard); named in logs instead of the key.</summary>
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the key's UTF-8 bytes, as <c>outreach apikey new</c> prints it.</summary>
    public string Hash { get; set; } = "";

    /// <summary>What the key may do: <see cref="Security.Scopes"/>.</summary>
    public List<string> Scopes { get; set; } = [];
}
