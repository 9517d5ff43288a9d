using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Outreach.Channels.Twilio;

/// <summary>
/// Twilio's REST API (2010-04-01) over a typed <see cref="HttpClient"/>: Basic auth with the account SID and auth token,
/// form-encoded bodies. Retries of requests Twilio did not process happen below, in the resilience handler
/// (<see cref="TwilioResilience"/>); here every answer becomes a <see cref="TwilioResponse"/> value.
/// </summary>
public sealed class TwilioClient
{
    private readonly HttpClient _http;
    private readonly TwilioOptions _options;
    private readonly ILogger<TwilioClient> _logger;

    public TwilioClient(HttpClient http, IOptions<TwilioOptions> options, ILogger<TwilioClient> logger)
    {
        _options = options.Value;
        _http = http;
        _logger = logger;
        _http.BaseAddress = new Uri(_options.BaseUrl.TrimEnd('/') + "/");
        // The resilience handler times each attempt out; the client's own timeout would cut the retries short.
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AccountSid}:{_options.AuthToken}")));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public TwilioOptions Options => _options;

    /// <summary><c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>.</summary>
    public Task<TwilioResponse> CreateMessageAsync(IEnumerable<KeyValuePair<string, string>> form, CancellationToken ct) =>
        CreateAsync("Messages.json", form, ct);

    /// <summary><c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c>.</summary>
    public Task<TwilioResponse> CreateCallAsync(IEnumerable<KeyValuePair<string, string>> form, CancellationToken ct) =>
        CreateAsync("Calls.json", form, ct);

    /// <summary>
    /// The newest messages (<c>GET Messages.json?To=…</c>) or calls (<c>GET Calls.json?To=…</c>) to <paramref name="to"/>,
    /// newest first, as Twilio lists them; null when the list could not be read.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>?> ListAsync(string resource, string to, int pageSize, CancellationToken ct)
    {
        var listKey = resource switch { "Messages.json" => "messages", "Calls.json" => "calls", _ => throw new ArgumentOutOfRangeException(nameof(resource)) };
        var query = $"?To={Uri.EscapeDataString(to)}&PageSize={pageSize.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            using var response = await _http.GetAsync(PathOf(resource) + query, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                _logger.LogWarning("Twilio list {Resource} answered HTTP {Status}", resource, (int)response.StatusCode);
                return null;
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.TryGetProperty(listKey, out var items) && items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().Select(item => item.Clone()).ToList()
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or JsonException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            _logger.LogWarning("Twilio list {Resource} failed: {Error}", resource, ex.GetType().Name);
            return null;
        }
    }

    private string PathOf(string resource) => $"2010-04-01/Accounts/{Uri.EscapeDataString(_options.AccountSid ?? "")}/{resource}";

    private async Task<TwilioResponse> CreateAsync(string resource, IEnumerable<KeyValuePair<string, string>> form, CancellationToken ct)
    {
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync(PathOf(resource), content, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Created && Field(body, "sid") is { Length: > 0 } sid)
                return new TwilioResponse.Created(sid);
            if (status is >= 400 and < 500)
                return new TwilioResponse.Rejected(status, CodeOf(body), Field(body, "message") ?? response.ReasonPhrase ?? "",
                    RetryAfterOf(response));
            // A 5xx, or a 2xx without a resource: the request was taken, what became of it is not known.
            return new TwilioResponse.Unknown($"HTTP {status}");
        }
        catch (HttpRequestException ex) when (TwilioResilience.NeverLeft(ex))
        {
            return new TwilioResponse.NotSent(ex.HttpRequestError.ToString());
        }
        catch (HttpRequestException ex)
        {
            return new TwilioResponse.Unknown($"connection lost: {ex.HttpRequestError}");
        }
        catch (TimeoutRejectedException)
        {
            return new TwilioResponse.Unknown($"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
    }

    private static string? Field(string body, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    private static int? CodeOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code)
                && code.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException) { return null; }
    }

    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
