using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outreach apikey new --name X --scopes ingest,trigger</c>: makes a random API key, shows it once, and prints the
/// <c>Server:ApiKeys</c> entry holding only its SHA-256, so the key itself is never stored by Outreach.
/// </summary>
public static class ApiKeyCommand
{
    private static readonly string[] KnownScopes = ["ingest", "trigger", "admin"];

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Who holds the key (a store system, the dashboard)", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: ingest, trigger, admin", Required = true };
        var create = new Command("new", "Make a new API key and print its configuration entry") { name, scopes };
        create.SetAction(parse => New(parse.GetValue(name)!, parse.GetValue(scopes)!));
        return new Command("apikey", "API keys of the HTTP server") { create };
    }

    private static int New(string name, string scopeList)
    {
        var scopes = scopeList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
        if (string.IsNullOrWhiteSpace(name)) return Fail("--name must not be empty.");
        if (scopes.Length == 0) return Fail($"--scopes needs one or more of {string.Join(", ", KnownScopes)}.");
        if (scopes.FirstOrDefault(s => !KnownScopes.Contains(s)) is { } unknown)
            return Fail($"--scopes: '{unknown}' is not a scope; use {string.Join(", ", KnownScopes)}.");

        var (key, entry) = Generate(name.Trim(), scopes);
        Console.WriteLine($"API key (shown once, keep it secret): {key}");
        Console.WriteLine();
        Console.WriteLine("Add this entry to Server:ApiKeys; it holds only the key's SHA-256. In a file such as config/server.json,");
        Console.WriteLine("beside the entries already there:");
        Console.WriteLine($"{{ \"Server\": {{ \"ApiKeys\": [ {entry} ] }} }}");
        Console.WriteLine();
        Console.WriteLine("or in the environment, with N the entry's place in the list (0 for the first):");
        Console.WriteLine($"Server__ApiKeys__N__Name={name.Trim()}");
        Console.WriteLine($"Server__ApiKeys__N__Hash={HashOf(key)}");
        for (var i = 0; i < scopes.Length; i++) Console.WriteLine($"Server__ApiKeys__N__Scopes__{i}={scopes[i]}");
        return 0;
    }

    /// <summary>A fresh random key and its configuration entry (JSON: Name, Hash = hex SHA-256 of the key, Scopes).</summary>
    public static (string Key, string Entry) Generate(string name, IReadOnlyList<string> scopes)
    {
        // 32 random bytes: as strong as the SHA-256 that stores it, and URL- and header-safe as base64url.
        var key = "ork_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, JsonSerializer.Serialize(new { Name = name, Hash = HashOf(key), Scopes = scopes }, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>What the server keeps of a key: its hex SHA-256.</summary>
    private static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
