using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Outreach.Server.Security;

/// <summary>The configured keys by hash; a presented key is hashed and compared in constant time with every entry.</summary>
public sealed class ApiKeyRing(IOptions<ServerOptions> options)
{
    private readonly (byte[] Hash, ApiKeyEntry Entry)[] _keys =
        options.Value.ApiKeys.Select(k => (Convert.FromHexString(k.Hash), k)).ToArray();

    public ApiKeyEntry? Find(string presented)
    {
        var hash = ApiKeyHash.Of(presented);
        ApiKeyEntry? found = null;
        // No early exit: the time taken says nothing about which key, if any, matched.
        foreach (var (stored, entry) in _keys)
            if (CryptographicOperations.FixedTimeEquals(stored, hash)) found = entry;
        return found;
    }
}
