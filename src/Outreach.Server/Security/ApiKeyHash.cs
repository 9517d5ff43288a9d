using System.Security.Cryptography;
using System.Text;

namespace Outreach.Server.Security;

/// <summary>The hash a key is stored and looked up by: hex SHA-256 of its UTF-8 bytes.</summary>
public static class ApiKeyHash
{
    public const string Header = "X-Api-Key";

    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HexOf(string key) => Convert.ToHexStringLower(Of(key));
}
