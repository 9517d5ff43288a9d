using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Outreach.Channels.Twilio;
using Polly;
using Polly.Timeout;

namespace Outreach.Channels.WeChat;

/// <summary>
/// The retry rule of WeChat requests. Any request is retried when it certainly never left (the connection could not be
/// opened). A plain token fetch (<c>stable_token</c> without <c>force_refresh</c>) changes nothing at WeChat, so it is also
/// retried on 5xx and timeouts. A template send that may have been taken is not retried here: it goes back to the
/// dispatcher as a transient failure, and its resend carries the same <c>client_msg_id</c>. A forced token refresh is
/// never repeated in place (20 a day).
/// </summary>
public static class WeChatResilience
{
    /// <summary>Marks a request that may be repeated whatever became of it.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("Outreach.WeChat.Repeatable");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, WeChatOptions options)
    {
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
        });
        builder.AddTimeout(options.Timeout);
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is HttpRequestException refused && TwilioResilience.NeverLeft(refused)) return true;
        var repeatable = context.GetRequestMessage()?.Options.TryGetValue(Repeatable, out var yes) == true && yes;
        return repeatable && (outcome.Exception is HttpRequestException or TimeoutRejectedException
                              || outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError });
    }
}
