using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Outreach.Channels.WeChat;

/// <summary>
/// The WeChat Official Account API over a typed <see cref="HttpClient"/>: JSON bodies, the access token in the query.
/// Every answer becomes a <see cref="WeChatResponse"/>; transport faults are values too, never exceptions.
/// </summary>
public sealed class WeChatClient
{
    /// <summary>Chinese text goes as UTF-8, not as <c>\uXXXX</c> escapes, which some WeChat endpoints show verbatim.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    private readonly WeChatOptions _options;

    public WeChatClient(HttpClient http, IOptions<WeChatOptions> options)
    {
        _options = options.Value;
        _http = http;
        _http.BaseAddress = new Uri(_options.BaseUrl.TrimEnd('/') + "/");
        // The resilience handler times each attempt out (WeChatResilience); the client's own timeout would cut retries short.
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
    }

    public WeChatOptions Options => _options;

    /// <summary><c>POST cgi-bin/stable_token</c>: the account's stable access token, a new one when <paramref name="forceRefresh"/>.</summary>
    public Task<WeChatResponse> FetchTokenAsync(bool forceRefresh, CancellationToken ct) =>
        PostAsync("cgi-bin/stable_token", new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = _options.AppId,
            ["secret"] = _options.AppSecret,
            ["force_refresh"] = forceRefresh,
        }, repeatable: !forceRefresh, ct);

    /// <summary><c>POST cgi-bin/message/template/send?access_token=…</c> with a complete template message.</summary>
    public Task<WeChatResponse> SendTemplateAsync(string accessToken, JsonObject message, CancellationToken ct) =>
        PostAsync("cgi-bin/message/template/send?access_token=" + Uri.EscapeDataString(accessToken), message, repeatable: false, ct);

    /// <summary>
    /// <c>POST cgi-bin/message/subscribe/bizsend?access_token=…</c> with a complete subscription notice. It has no
    /// <c>client_msg_id</c>, so WeChat cannot drop a resend; like a template send it is never repeated in place.
    /// </summary>
    public Task<WeChatResponse> SendSubscribeAsync(string accessToken, JsonObject message, CancellationToken ct) =>
        PostAsync("cgi-bin/message/subscribe/bizsend?access_token=" + Uri.EscapeDataString(accessToken), message, repeatable: false, ct);

    private async Task<WeChatResponse> PostAsync(string path, JsonObject body, bool repeatable, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new StringContent(body.ToJsonString(Json), Encoding.UTF8, "application/json"),
            };
            request.Options.Set(WeChatResilience.Repeatable, repeatable);
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) return new WeChatResponse.Failed($"HTTP {(int)response.StatusCode}");
            return (WeChatResponse?)Parse(text) ?? new WeChatResponse.Failed("answer is not WeChat JSON");
        }
        catch (HttpRequestException ex)
        {
            return new WeChatResponse.Failed($"connection failed: {ex.HttpRequestError}");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new WeChatResponse.Failed($"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
    }

    private static WeChatResponse.Answered? Parse(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var errcode = root.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : 0;
            var errmsg = root.TryGetProperty("errmsg", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : "";
            string? msgid = root.TryGetProperty("msgid", out var id) ? id.ValueKind switch
            {
                JsonValueKind.Number or JsonValueKind.String => id.ToString(),
                _ => null,
            } : null;
            var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            int? expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : null;
            return new WeChatResponse.Answered(errcode, errmsg, msgid, token, expiresIn);
        }
        catch (JsonException) { return null; }
    }
}
