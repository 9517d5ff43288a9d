using System.Security.Cryptography;
using System.Text;

namespace Outreach.Channels.Twilio;

/// <summary>
/// <c>X-Twilio-Signature</c> of a webhook request: Base64 of HMAC-SHA1, keyed with the UTF-8 auth token, over the full
/// URL as configured (query string included) followed by every form parameter as key + value, keys in ordinal order,
/// without separators. Every parameter received counts, including ones Twilio adds later.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters)
    {
        var data = new StringBuilder(url);
        // Sorted by key (ordinal) and, for a repeated key, by value, as Twilio's SDKs do.
        foreach (var (key, value) in formParameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            data.Append(key).Append(value);
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> signs the request, compared in constant time; the URL is also tried with the
    /// scheme's default port added or removed, as Twilio's SDKs accept.
    /// </summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken)) return false;
        var parameters = formParameters.ToList();
        var expected = Encoding.ASCII.GetBytes(signature);
        var valid = false;
        foreach (var candidate in UrlVariants(url))
            valid |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(authToken, candidate, parameters)), expected);
        return valid;
    }

    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) yield break;
        var defaultPort = uri.Scheme == Uri.UriSchemeHttps ? 443 : uri.Scheme == Uri.UriSchemeHttp ? 80 : -1;
        if (defaultPort < 0) yield break;
        var authority = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped); // without a default port
        var rest = uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);
        var withoutPort = authority + rest;
        var withPort = $"{uri.Scheme}://{uri.Host}:{uri.Port}{rest}";
        if (uri.Port == defaultPort)
        {
            if (withoutPort != url) yield return withoutPort;
            if (withPort != url) yield return withPort;
        }
    }
}
