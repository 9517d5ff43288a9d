using Microsoft.Extensions.DependencyInjection;
using Outreach.Channels.Twilio;
using Outreach.Channels.WeChat;
using Outreach.Core;
using Outreach.Limits.Suppression;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Tests.Webhooks;

/// <summary>
/// A server with every provider configured as in production (Twilio, SMTP email with unsubscribe links, a WeChat
/// account with its callback token) and a suppression list of its own, plus what webhook tests do with it: put a sent
/// touch in the ledger, sign requests as the providers do, look at the touch and the suppressions afterwards.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://outreach.example.com";
    public const string AuthToken = "twilio-auth-token-of-the-test-account";
    public const string CallbackToken = "wechat-callback-token";
    public const string UnsubscribeSecret = "unsubscribe-secret-of-at-least-32-characters";

    private readonly string _limits;

    private WebhookServer(OutreachServer server, string limits) => (Server, _limits) = (server, limits);

    public OutreachServer Server { get; }

    public ITouchLedger Ledger => Server.Services.GetRequiredService<ITouchLedger>();

    public ISuppressionList Suppressions => Server.Services.GetRequiredService<ISuppressionList>();

    /// <summary>Starts the server on <paramref name="store"/>; <paramref name="overrides"/> replace settings (a null value removes one).</summary>
    public static async Task<WebhookServer> StartAsync(Store store, IDictionary<string, string?>? overrides = null)
    {
        var limits = Path.Combine(Path.GetTempPath(), $"outreach-webhooks-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?>
        {
            ["Limits:DataDirectory"] = limits,
            ["Webhooks:PublicBaseUrl"] = PublicBaseUrl,
            ["Channels:Twilio:AccountSid"] = "AC" + new string('a', 32),
            ["Channels:Twilio:AuthToken"] = AuthToken,
            ["Channels:Twilio:From"] = "+15005550006",
            ["Channels:Twilio:StatusCallbackUrl"] = PublicBaseUrl + "/webhooks/twilio/status",
            ["Channels:Email:Host"] = "127.0.0.1",
            ["Channels:Email:Port"] = "2525",
            ["Channels:Email:Security"] = "None",
            ["Channels:Email:From"] = "news@example.com",
            ["Channels:Email:UnsubscribeBaseUrl"] = PublicBaseUrl + "/unsubscribe",
            ["Channels:Email:UnsubscribeSecret"] = UnsubscribeSecret,
            ["Channels:WeChat:AppId"] = "wx0123456789abcdef",
            ["Channels:WeChat:AppSecret"] = "wechat-app-secret",
            ["Channels:WeChat:CallbackToken"] = CallbackToken,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return new WebhookServer(await OutreachServer.StartAsync(store, settings), limits);
    }

    /// <summary>
    /// A touch of <paramref name="customer"/> that the provider accepted as <paramref name="providerId"/>, recorded as the
    /// dispatcher records it. It is due a day ahead, so nothing that dispatches on the server's clock takes it.
    /// </summary>
    public async Task<TouchRecord> SentTouchAsync(string customer, Channel channel, string providerId)
    {
        var touch = await ReservedTouchAsync(customer, channel);
        await Ledger.CompleteManyAsync([new TouchCompletion(touch.TouchId, touch.Attempts, TouchStatus.Sent, "sent", channel, ProviderId: providerId)]);
        return (await Ledger.GetAsync(touch.TouchId))!;
    }

    /// <summary>A touch claimed by a dispatcher that has not recorded its send yet.</summary>
    public async Task<TouchRecord> ReservedTouchAsync(string customer, Channel channel)
    {
        var due = Server.Clock.GetUtcNow().AddDays(1);
        await Ledger.PlanAsync([new TouchRecord("winback", "r1", 0, customer) { DueAt = due, Channel = channel, Variant = "A" }]);
        return (await Ledger.ClaimDueAsync(due, 1, TimeSpan.FromMinutes(5), "winback", "r1")).Single(t => t.CustomerId == customer);
    }

    /// <summary>A form POST to <paramref name="path"/> (with its query) signed as Twilio signs it, or with <paramref name="signature"/>.</summary>
    public static HttpRequestMessage TwilioPost(string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> form, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSignature.Compute(AuthToken, PublicBaseUrl + pathAndQuery, form));
        return request;
    }

    /// <summary>The query WeChat adds to every call: a timestamp, a nonce and their signature with the callback token.</summary>
    /// <remarks>The default timestamp is the test servers' clock at start (2026-11-25 10:00 UTC): a request signed far from it is refused.</remarks>
    public static string WeChatQuery(string token = CallbackToken, string timestamp = "1795600800", string nonce = "n0nce")
    {
        var signature = WeChatSignature.Compute(token, timestamp, nonce);
        return $"signature={signature}&timestamp={timestamp}&nonce={nonce}";
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(_limits, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
