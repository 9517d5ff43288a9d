using Microsoft.Extensions.Primitives;
using Outreach.Channels.Twilio;

namespace Outreach.Server.Webhooks;

/// <summary>The form Twilio posted to a webhook, read only once its <c>X-Twilio-Signature</c> checked out.</summary>
public sealed class TwilioForm(IReadOnlyDictionary<string, StringValues> fields)
{
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>The form when the request is signed with <paramref name="authToken"/> over <paramref name="url"/> and every parameter; null otherwise.</summary>
    public static async Task<TwilioForm?> ReadSignedAsync(HttpRequest request, string url, string? authToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(authToken)) return null;
        var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
        var fields = form?.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal) ?? [];
        var parameters = fields.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? "")));
        return TwilioSignature.IsValid(authToken, url, parameters, request.Headers[SignatureHeader]) ? new TwilioForm(fields) : null;
    }

    /// <summary>The parameter's value, or null when Twilio did not send it (or sent it empty).</summary>
    public string? this[string name] => fields.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;
}
