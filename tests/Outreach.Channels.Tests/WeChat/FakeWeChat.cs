using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Outreach.Channels.Tests.WeChat;

/// <summary>
/// A fake WeChat Official Account API on a real loopback HTTP server (<see cref="HttpListener"/>), so the typed client's
/// whole pipeline runs. Every request is checked (method, path, content type, query <c>access_token</c>, JSON fields and
/// their types per PROVIDERS.md) and the differences collected in <see cref="Violations"/>. <c>stable_token</c> issues
/// numbered 512+-character tokens the way WeChat does (the same one while it has more than 5 minutes left; a new one on
/// <c>force_refresh</c>, which ends the old one); template sends answer errcode 0 unless a <see cref="Reply"/> is queued,
/// and 42001 for a token that expired or was ended. Subscription notices (<c>subscribe/bizsend</c>) reach only an openid
/// holding a subscription to the template (<see cref="Subscribe"/>; a send uses one up) and answer 43101 otherwise, and
/// 47003 for a <c>thing</c> keyword over 20 characters, as WeChat does.
/// </summary>
public sealed class FakeWeChat : IDisposable
{
    public const string AppId = "wx0123456789abcdef";
    public const string AppSecret = "fake-app-secret";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(7200);

    private static readonly HashSet<string> TemplateFields = ["touser", "template_id", "url", "miniprogram", "client_msg_id", "data"];
    private static readonly HashSet<string> NoticeFields = ["touser", "template_id", "page", "miniprogram", "data"];

    private readonly HttpListener _listener = new();
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<int> _tokenFailures = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _issued = [];
    private readonly HashSet<string> _ended = [];
    private readonly Dictionary<string, long> _delivered = [];
    private readonly Dictionary<(string OpenId, string TemplateId), int> _subscriptions = [];
    private string? _current;
    private int _tokens;
    private long _msgids = 200228332;
    private int? _expireAfterSends;

    public FakeWeChat(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<TokenRequest> TokenRequests { get; } = new();

    public ConcurrentQueue<TemplateSend> Sends { get; } = new();

    /// <summary>The subscription notices asked for (<c>subscribe/bizsend</c>), answered or not.</summary>
    public ConcurrentQueue<TemplateSend> Notices { get; } = new();

    /// <summary>Sends whose <c>client_msg_id</c> had been delivered before (not delivered again).</summary>
    public int Duplicates;

    /// <summary>How long each template send takes to answer, so concurrent senders overlap.</summary>
    public TimeSpan SendDelay { get; set; }

    public string? CurrentToken { get { lock (_gate) return _current; } }

    public int ForceRefreshes => TokenRequests.Count(r => r.ForceRefresh);

    /// <summary>The <c>client_msg_id</c>s delivered, each once.</summary>
    public IReadOnlyCollection<string> Delivered { get { lock (_gate) return _delivered.Keys.ToList(); } }

    /// <summary>The answer to the next template send or subscription notice.</summary>
    public void Enqueue(Reply reply) => _script.Enqueue(reply);

    /// <summary>
    /// <paramref name="openId"/> accepts <paramref name="times"/> notices of <paramref name="templateId"/> (a one-time
    /// subscription is 1; <see cref="int.MaxValue"/> stands for a long-term one).
    /// </summary>
    public void Subscribe(string openId, string templateId, int times = 1)
    {
        lock (_gate) _subscriptions[(openId, templateId)] = times;
    }

    /// <summary>The next token request answers this HTTP status (no token, nothing changed).</summary>
    public void EnqueueTokenFailure(int httpStatus) => _tokenFailures.Enqueue(httpStatus);

    /// <summary>Token requests answered with a scripted HTTP failure.</summary>
    public int FailedTokenRequests;

    /// <summary>Ends the current token now, as WeChat does when it expires early (its sends then answer 42001).</summary>
    public void ExpireCurrentToken()
    {
        lock (_gate) if (_current is not null) _ended.Add(_current);
    }

    /// <summary>Ends the current token once <paramref name="sends"/> more template sends were delivered.</summary>
    public void ExpireCurrentTokenAfter(int sends)
    {
        lock (_gate) _expireAfterSends = _delivered.Count + sends;
    }

    /// <summary>Whether a delivered subscription notice is answered with its msgid (WeChat's documents disagree; off: PROVIDERS.md's errcode/errmsg).</summary>
    public bool AnswersNoticeMsgId { get; set; }

    public sealed record TokenRequest(bool ForceRefresh, string Issued);

    /// <summary>A send as asked for and answered; <paramref name="MsgId"/> is the id a delivered notice was answered with.</summary>
    public sealed record TemplateSend(string? Token, JsonElement Body, int ErrCode, string? MsgId = null)
    {
        public string? this[string name] => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public string? Data(string field) => Body.TryGetProperty("data", out var data) && data.TryGetProperty(field, out var f)
            && f.TryGetProperty("value", out var value) ? value.GetString() : null;
    }

    /// <summary>A scripted answer to a template send: an errcode, or an HTTP status (with no WeChat JSON) when not 200.</summary>
    public sealed record Reply(int ErrCode = 0, int HttpStatus = 200)
    {
        public static Reply Errcode(int errcode) => new(errcode);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            var path = request.Url!.AbsolutePath;
            var where = $"{request.HttpMethod} {path}";
            if (request.HttpMethod != "POST") Violations.Enqueue($"{where}: method must be POST");
            if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                Violations.Enqueue($"{where}: content type is '{request.ContentType}'");
            if (text.Contains("\\u", StringComparison.Ordinal)) Violations.Enqueue($"{where}: text is escaped (\\uXXXX) instead of UTF-8");
            JsonElement body;
            try { body = JsonDocument.Parse(text).RootElement.Clone(); }
            catch (JsonException) { Violations.Enqueue($"{where}: body is not JSON: {text}"); body = default; }

            var (status, json) = path switch
            {
                "/cgi-bin/stable_token" => StableToken(where, request.QueryString, body),
                "/cgi-bin/message/template/send" => await TemplateSendAsync(where, request.QueryString, body),
                "/cgi-bin/message/subscribe/bizsend" => await NoticeAsync(where, request.QueryString, body),
                _ => Unknown(where),
            };
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(json);
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception)
        {
            try { response.Abort(); } catch (Exception) { }
        }
    }

    private (int, string) Unknown(string where)
    {
        Violations.Enqueue($"{where}: no such endpoint");
        return (404, "{}");
    }

    private (int, string) StableToken(string where, System.Collections.Specialized.NameValueCollection query, JsonElement body)
    {
        if (query.Count > 0) Violations.Enqueue($"{where}: takes no query string");
        if (body.ValueKind != JsonValueKind.Object) { Violations.Enqueue($"{where}: body must be an object"); return (200, Error(47001, "data format error")); }
        ExpectString(where, body, "grant_type", "client_credential");
        ExpectString(where, body, "appid", AppId);
        ExpectString(where, body, "secret", AppSecret);
        var force = false;
        if (body.TryGetProperty("force_refresh", out var f))
        {
            if (f.ValueKind is JsonValueKind.True or JsonValueKind.False) force = f.GetBoolean();
            else Violations.Enqueue($"{where}: force_refresh must be a boolean, is {f.ValueKind}");
        }
        foreach (var property in body.EnumerateObject())
            if (property.Name is not ("grant_type" or "appid" or "secret" or "force_refresh")) Violations.Enqueue($"{where}: unknown field {property.Name}");

        if (_tokenFailures.TryDequeue(out var failure))
        {
            Interlocked.Increment(ref FailedTokenRequests);
            return (failure, "<html>gateway error</html>");
        }
        var now = _time.GetUtcNow();
        string token;
        DateTimeOffset expires;
        lock (_gate)
        {
            if (!force && _current is { } current && !_ended.Contains(current) && _issued[current] - now > TimeSpan.FromMinutes(5))
            {
                token = current;
            }
            else
            {
                if (force && _current is not null) _ended.Add(_current);
                token = $"TOKEN{++_tokens}_" + new string('x', 512);
                _issued[token] = now + TokenLifetime;
                _current = token;
            }
            expires = _issued[token];
        }
        TokenRequests.Enqueue(new TokenRequest(force, token));
        var seconds = (int)Math.Ceiling((expires - now).TotalSeconds);
        return (200, JsonSerializer.Serialize(new { access_token = token, expires_in = seconds }));
    }

    private async Task<(int, string)> TemplateSendAsync(string where, System.Collections.Specialized.NameValueCollection query, JsonElement body)
    {
        var token = query["access_token"];
        if (SendDelay > TimeSpan.Zero) await Task.Delay(SendDelay);
        var tokenError = TokenError(where, query);
        CheckTemplate(where, body);
        if (tokenError is { } rejected)
        {
            Sends.Enqueue(new TemplateSend(token, body, rejected));
            return (200, Error(rejected, "access_token expired"));
        }
        var reply = _script.TryDequeue(out var scripted) ? scripted : new Reply();
        Sends.Enqueue(new TemplateSend(token, body, reply.ErrCode));
        if (reply.HttpStatus != 200) return (reply.HttpStatus, "<html>bad gateway</html>");
        if (reply.ErrCode != 0) return (200, Error(reply.ErrCode, $"fake error {reply.ErrCode}"));

        var clientMsgId = body.GetProperty("client_msg_id").GetString()!;
        long msgid;
        lock (_gate)
        {
            if (_delivered.TryGetValue(clientMsgId, out msgid)) Interlocked.Increment(ref Duplicates);
            else _delivered[clientMsgId] = msgid = ++_msgids;
            if (_expireAfterSends is { } limit && _delivered.Count >= limit && _current is not null)
            {
                _ended.Add(_current);
                _expireAfterSends = null;
            }
        }
        return (200, JsonSerializer.Serialize(new { errcode = 0, errmsg = "ok", msgid }));
    }

    private async Task<(int, string)> NoticeAsync(string where, System.Collections.Specialized.NameValueCollection query, JsonElement body)
    {
        var token = query["access_token"];
        if (SendDelay > TimeSpan.Zero) await Task.Delay(SendDelay);
        var tokenError = TokenError(where, query);
        CheckNotice(where, body);
        if (tokenError is { } rejected)
        {
            Notices.Enqueue(new TemplateSend(token, body, rejected));
            return (200, Error(rejected, "access_token expired"));
        }
        if (_script.TryDequeue(out var scripted))
        {
            Notices.Enqueue(new TemplateSend(token, body, scripted.ErrCode));
            if (scripted.HttpStatus != 200) return (scripted.HttpStatus, "<html>bad gateway</html>");
            return (200, scripted.ErrCode == 0 ? Ok : Error(scripted.ErrCode, $"fake error {scripted.ErrCode}"));
        }
        if (TooLongThing(body) is { } tooLong)
        {
            Notices.Enqueue(new TemplateSend(token, body, 47003));
            return (200, Error(47003, $"argument invalid! data.{tooLong}.value invalid"));
        }
        var key = (body.GetProperty("touser").GetString()!, body.GetProperty("template_id").GetString()!);
        bool subscribed;
        long msgid = 0;
        lock (_gate)
        {
            subscribed = _subscriptions.TryGetValue(key, out var left) && left > 0;
            if (subscribed && left != int.MaxValue) _subscriptions[key] = left - 1;
            if (subscribed) msgid = ++_msgids;
        }
        if (!subscribed)
        {
            Notices.Enqueue(new TemplateSend(token, body, 43101));
            return (200, Error(43101, "user refuse to accept the msg"));
        }
        // ../shared/specs/PROVIDERS.md has bizsend answer errcode/errmsg only; WeChat's mini-program page says the send
        // also returns the MsgID its subscribe_msg_sent_event names later ("调用接口时也会返回"). Both are played.
        if (!AnswersNoticeMsgId)
        {
            Notices.Enqueue(new TemplateSend(token, body, 0));
            return (200, Ok);
        }
        Notices.Enqueue(new TemplateSend(token, body, 0, msgid.ToString(CultureInfo.InvariantCulture)));
        return (200, JsonSerializer.Serialize(new { errcode = 0, errmsg = "ok", msgid }));
    }

    private static readonly string Ok = JsonSerializer.Serialize(new { errcode = 0, errmsg = "ok" });

    /// <summary>The first <c>thing</c> keyword whose value is over WeChat's 20 characters, if any.</summary>
    private static string? TooLongThing(JsonElement body) =>
        body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data.EnumerateObject()
                .Where(f => f.Name.StartsWith("thing", StringComparison.Ordinal) && f.Value.ValueKind == JsonValueKind.Object
                            && f.Value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 20)
                .Select(f => f.Name).FirstOrDefault()
            : null;

    /// <summary>40001 for a token never issued (a violation), 42001 for one expired or ended, null for a valid one.</summary>
    private int? TokenError(string where, System.Collections.Specialized.NameValueCollection query)
    {
        var token = query["access_token"];
        if (query.Count != 1) Violations.Enqueue($"{where}: the query must be access_token alone (it has {string.Join(", ", query.AllKeys)})");
        lock (_gate)
        {
            if (token is null || !_issued.TryGetValue(token, out var expires))
            {
                Violations.Enqueue($"{where}: access_token was never issued ({(token is null ? "none" : token[..Math.Min(12, token.Length)])})");
                return 40001;
            }
            return _ended.Contains(token) || _time.GetUtcNow() >= expires ? 42001 : null;
        }
    }

    private void CheckNotice(string where, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) { Violations.Enqueue($"{where}: body must be an object"); return; }
        foreach (var property in body.EnumerateObject())
            if (!NoticeFields.Contains(property.Name)) Violations.Enqueue($"{where}: unknown field {property.Name}");
        ExpectString(where, body, "touser");
        ExpectString(where, body, "template_id");
        if (body.TryGetProperty("page", out var page) && page.ValueKind != JsonValueKind.String) Violations.Enqueue($"{where}: page must be a string");
        CheckMiniProgram(where, body);
        CheckData(where, body);
    }

    private void CheckMiniProgram(string where, JsonElement body)
    {
        if (!body.TryGetProperty("miniprogram", out var miniProgram)) return;
        if (miniProgram.ValueKind != JsonValueKind.Object) { Violations.Enqueue($"{where}: miniprogram must be an object"); return; }
        foreach (var property in miniProgram.EnumerateObject())
            if (property.Name is not ("appid" or "pagepath")) Violations.Enqueue($"{where}: unknown field miniprogram.{property.Name}");
        ExpectString(where, miniProgram, "appid");
        ExpectString(where, miniProgram, "pagepath");
    }

    private void CheckTemplate(string where, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) { Violations.Enqueue($"{where}: body must be an object"); return; }
        foreach (var property in body.EnumerateObject())
            if (!TemplateFields.Contains(property.Name)) Violations.Enqueue($"{where}: unknown field {property.Name}");
        ExpectString(where, body, "touser");
        ExpectString(where, body, "template_id");
        if (body.TryGetProperty("url", out var url) && url.ValueKind != JsonValueKind.String) Violations.Enqueue($"{where}: url must be a string");
        if (ExpectString(where, body, "client_msg_id") is { } id && id.Length > 64) Violations.Enqueue($"{where}: client_msg_id is {id.Length} characters (at most 64)");
        CheckMiniProgram(where, body);
        CheckData(where, body);
    }

    private void CheckData(string where, JsonElement body)
    {
        if (!body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            Violations.Enqueue($"{where}: data must be an object");
            return;
        }
        foreach (var field in data.EnumerateObject())
            if (field.Value.ValueKind != JsonValueKind.Object || !field.Value.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
                Violations.Enqueue($"{where}: data.{field.Name} must be {{\"value\": string}}");
    }

    private string? ExpectString(string where, JsonElement body, string name, string? expected = null)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            Violations.Enqueue($"{where}: {name} must be a non-empty string");
            return null;
        }
        if (expected is not null && text != expected) Violations.Enqueue($"{where}: {name} is '{text}', expected '{expected}'");
        return text;
    }

    private static string Error(int errcode, string errmsg) => JsonSerializer.Serialize(new { errcode, errmsg });

    public void Dispose()
    {
        try { _listener.Stop(); _listener.Close(); } catch (Exception) { }
    }
}
