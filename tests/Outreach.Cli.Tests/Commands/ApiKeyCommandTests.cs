using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Outreach.Cli.Commands;

namespace Outreach.Cli.Tests.Commands;

public sealed class ApiKeyCommandTests
{
    [Fact]
    public void The_entry_holds_the_keys_sha256_and_never_the_key()
    {
        var (key, entry) = ApiKeyCommand.Generate("shop", ["ingest", "trigger"]);

        var json = JsonDocument.Parse(entry).RootElement;
        Assert.Equal("shop", json.GetProperty("Name").GetString());
        Assert.Equal(["ingest", "trigger"], json.GetProperty("Scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), json.GetProperty("Hash").GetString());
        Assert.DoesNotContain(key, entry);
    }

    [Fact]
    public void Every_key_is_new_and_long_enough_to_resist_guessing()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => ApiKeyCommand.Generate("shop", ["admin"]).Key).ToArray();

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.True(k.Length >= 40, $"{k.Length} characters"));
    }
}
