using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Outreach.Channels.Tests.Twilio;

/// <summary>
/// A fake Twilio REST API on a real loopback HTTP server (<see cref="HttpListener"/>), so the typed client's whole
/// pipeline runs. Every request is checked (method, path, Basic auth, content type, parameters against the official
/// OpenAPI description) and the differences collected in <see cref="Violations"/>. Creates answer 201 with a new
/// resource unless a scripted <see cref="Reply"/> is queued; lists answer with the resources created so far.
/// </summary>
public sealed class FakeTwilio : IDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "fake-auth-token";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly List<Dictionary<string, object?>> _resources = [];
    private int _sids;

    public FakeTwilio()
    {
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

    public ConcurrentQueue<Received> Requests { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public IReadOnlyList<Received> Creates => Requests.Where(r => r.Method == "POST").ToList();

    public IReadOnlyList<Received> Lists => Requests.Where(r => r.Method == "GET").ToList();

    /// <summary>The resources Twilio holds (created, whatever the reply said).</summary>
    public int Created { get { lock (_resources) return _resources.Count; } }

    /// <summary>The answer to the next create; creates beyond the script get 201.</summary>
    public void Enqueue(Reply reply) => _script.Enqueue(reply);

    /// <summary>When set, every list answers with this HTTP status and no resources (a lookup that cannot be read).</summary>
    public int? ListStatus { get; set; }

    /// <summary>Makes every resource created so far <paramref name="by"/> older (moves its <c>date_created</c> back).</summary>
    public void Age(TimeSpan by)
    {
        lock (_resources)
            foreach (var item in _resources)
                item["date_created"] = Rfc2822(DateTimeOffset.ParseExact((string)item["date_created"]!, DateFormat, CultureInfo.InvariantCulture) - by);
    }

    private const string DateFormat = "ddd, dd MMM yyyy HH:mm:ss '+0000'";

    private static string Rfc2822(DateTimeOffset at) => at.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public sealed record Received(
        string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Query, IReadOnlyList<KeyValuePair<string, string>> Form,
        string? Authorization, string? ContentType, DateTimeOffset At)
    {
        public string? this[string name] => Form.FirstOrDefault(p => p.Key == name).Value;

        public IEnumerable<string> All(string name) => Form.Where(p => p.Key == name).Select(p => p.Value);
    }

    /// <summary>
    /// A scripted answer: <paramref name="Creates"/> when Twilio made the resource anyway (a 500 or a late answer that did send);
    /// <paramref name="Hold"/> keeps the answer back until the test completes it, so a timeout test needs no race against a delay.
    /// </summary>
    public sealed record Reply(int Status, int? Code = null, TimeSpan? RetryAfter = null, Task? Hold = null, bool Creates = false)
    {
        public static Reply Error(int status, int code) => new(status, code);
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
            var bodyText = await reader.ReadToEndAsync();
            var received = new Received(request.HttpMethod, request.Url!.AbsolutePath, ParseForm(request.Url.Query.TrimStart('?')),
                request.HttpMethod == "POST" ? ParseForm(bodyText) : [], request.Headers["Authorization"], request.ContentType, DateTimeOffset.UtcNow);
            Requests.Enqueue(received);
            Check(received);

            var (status, json, retryAfter, hold) = Answer(received);
            if (hold is not null) await hold;
            response.StatusCode = status;
            response.ContentType = "application/json";
            if (retryAfter is { } after) response.AddHeader("Retry-After", ((int)after.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            var bytes = Encoding.UTF8.GetBytes(json);
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception)
        {
            // The client gave up (timeout) and closed the connection: nothing to answer.
            try { response.Abort(); } catch (Exception) { }
        }
    }

    private void Check(Received received)
    {
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (received.Authorization != expectedAuth) Violations.Enqueue($"{received.Method} {received.Path}: Authorization is '{received.Authorization}'");
        if (TwilioSpec.Match(received.Path) is var (_, parameters) && parameters.TryGetValue("AccountSid", out var sid) && sid != AccountSid)
            Violations.Enqueue($"{received.Method} {received.Path}: AccountSid is {sid}");
        foreach (var violation in TwilioSpec.Check(received.Method, received.Path, received.ContentType, received.Form, received.Query))
            Violations.Enqueue(violation);
    }

    private (int Status, string Json, TimeSpan? RetryAfter, Task? Hold) Answer(Received received)
    {
        var resource = received.Path.EndsWith("/Calls.json", StringComparison.Ordinal) ? "calls" : "messages";
        if (received.Method == "GET")
        {
            if (ListStatus is { } failing) return (failing, JsonSerializer.Serialize(new { code = failing, message = "fake list error", status = failing }), null, null);
            var to = received.Query.FirstOrDefault(p => p.Key == "To").Value;
            var pageSize = int.TryParse(received.Query.FirstOrDefault(p => p.Key == "PageSize").Value, CultureInfo.InvariantCulture, out var size) ? size : 50;
            List<Dictionary<string, object?>> listed;
            lock (_resources)
                listed = _resources.Where(r => (string?)r["kind"] == resource && (to is null || (string?)r["to"] == to)).Reverse().Take(pageSize).ToList();
            return (200, JsonSerializer.Serialize(new Dictionary<string, object?> { [resource] = listed, ["page"] = 0, ["page_size"] = pageSize }), null, null);
        }
        var reply = _script.TryDequeue(out var scripted) ? scripted : new Reply(201);
        string? created = null;
        if (reply.Status == 201 || reply.Creates) created = Create(resource, received);
        if (reply.Status == 201) return (201, created!, null, reply.Hold);
        var error = JsonSerializer.Serialize(new
        {
            code = reply.Code ?? reply.Status,
            message = $"fake error {reply.Code ?? reply.Status}",
            more_info = $"https://www.twilio.com/docs/errors/{reply.Code ?? reply.Status}",
            status = reply.Status,
        });
        return (reply.Status, error, reply.RetryAfter, reply.Hold);
    }

    private string Create(string resource, Received received)
    {
        var sid = (resource == "calls" ? "CA" : "SM") + Interlocked.Increment(ref _sids).ToString("x32", CultureInfo.InvariantCulture);
        var item = new Dictionary<string, object?>
        {
            ["kind"] = resource,
            ["sid"] = sid,
            ["account_sid"] = AccountSid,
            ["to"] = received["To"],
            ["from"] = received["From"],
            ["messaging_service_sid"] = received["MessagingServiceSid"],
            ["body"] = received["Body"],
            ["status"] = "queued",
            ["date_created"] = Rfc2822(DateTimeOffset.UtcNow),
            ["date_sent"] = null,
        };
        lock (_resources) _resources.Add(item);
        return JsonSerializer.Serialize(item);
    }

    private static List<KeyValuePair<string, string>> ParseForm(string text) =>
        text.Length == 0
            ? []
            : text.Split('&').Select(pair => pair.Split('=', 2)).Select(kv =>
                new KeyValuePair<string, string>(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : "")).ToList();

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public void Dispose()
    {
        try { _listener.Stop(); _listener.Close(); } catch (Exception) { }
    }
}
