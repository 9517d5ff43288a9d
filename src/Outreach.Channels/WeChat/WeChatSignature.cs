using System.Security.Cryptography;
using System.Text;

namespace Outreach.Channels.WeChat;

/// <summary>
/// The <c>signature</c> of a request WeChat makes to the account's callback URL (e.g. <c>TEMPLATESENDJOBFINISH</c>):
/// hex SHA-1 of the callback token, timestamp and nonce, sorted (ordinal) and joined without separators.
/// </summary>
public static class WeChatSignature
{
    public static string Compute(string token, string timestamp, string nonce)
    {
        string[] parts = [token, timestamp, nonce];
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    /// <summary>Whether <paramref name="signature"/> signs the request, compared in constant time (hex case ignored).</summary>
    public static bool IsValid(string token, string? timestamp, string? nonce, string? signature)
    {
        if (string.IsNullOrEmpty(token) || timestamp is null || nonce is null || string.IsNullOrEmpty(signature)) return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(token, timestamp, nonce)), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }
}
