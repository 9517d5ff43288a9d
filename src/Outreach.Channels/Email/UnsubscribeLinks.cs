using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Outreach.Core;

namespace Outreach.Channels.Email;

/// <summary>
/// Signed one-click unsubscribe tokens: who (customer), from what (channel) and which touch, with an HMAC-SHA256 so a
/// token cannot be forged or edited to unsubscribe someone else. The email channel puts them in <c>List-Unsubscribe</c>;
/// the server's unsubscribe endpoint reads them back with the same secret.
/// </summary>
public sealed class UnsubscribeLinks
{
    public const int MinimumSecretLength = 32;
    private const string Version = "u1";

    private readonly byte[] _key;

    public UnsubscribeLinks(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
            throw new ArgumentException($"The unsubscribe secret must be at least {MinimumSecretLength} characters.", nameof(secret));
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The URL-safe token of one touch: <c>u1.customer.channel.touch.mac</c>, each part base64url.</summary>
    public string Create(string customerId, Channel channel, string touchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentException.ThrowIfNullOrEmpty(touchId);
        var payload = string.Join('.', Version, Encode(customerId), Encode(channel.ToName()), Encode(touchId));
        return payload + "." + Base64Url.EncodeToString(Mac(payload));
    }

    /// <summary><paramref name="baseUrl"/> with <c>token=</c> the touch's token appended to its query.</summary>
    public string UrlFor(string baseUrl, string customerId, Channel channel, string touchId) =>
        baseUrl + (baseUrl.Contains('?') ? "&" : "?") + "token=" + Create(customerId, channel, touchId);

    /// <summary>Reads a token made by <see cref="Create"/> with the same secret; false for anything malformed, edited or signed with another key.</summary>
    public bool TryRead(string? token, out string customerId, out Channel channel, out string touchId)
    {
        (customerId, channel, touchId) = (string.Empty, default, string.Empty);
        if (token?.Split('.') is not { Length: 5 } parts || parts[0] != Version) return false;
        var payload = token[..token.LastIndexOf('.')];
        if (!TryDecode(parts[4], out var mac) || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload))) return false;
        if (!TryDecodeText(parts[1], out var customer) || !TryDecodeText(parts[2], out var channelName) || !TryDecodeText(parts[3], out var touch)
            || !ChannelNames.TryParse(channelName, out var parsedChannel) || customer.Length == 0 || touch.Length == 0)
            return false;
        (customerId, channel, touchId) = (customer, parsedChannel, touch);
        return true;
    }

    private byte[] Mac(string payload) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload));

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(part)) return false;
        bytes = Base64Url.DecodeFromChars(part);
        return true;
    }

    private static bool TryDecodeText(string part, out string text)
    {
        text = string.Empty;
        if (!TryDecode(part, out var bytes)) return false;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { return false; }
        return true;
    }
}
