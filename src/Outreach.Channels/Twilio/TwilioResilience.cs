using System.Net;
using System.Net.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Outreach.Channels.Twilio;

/// <summary>
/// The retry rule of Twilio requests. Creating a message or call is not idempotent and Twilio takes no idempotency
/// key, so a create is retried only when Twilio certainly did not process it: HTTP 429 (Twilio 20429) with a
/// <c>Retry-After</c> no longer than <see cref="TwilioOptions.MaxRetryAfter"/> (honoured, else jittered exponential
/// back-off), or a connection that could not be opened. A 5xx, a timeout or a connection lost after the request left
/// is not retried: its outcome is unknown. Reads (GET) are also retried on 5xx and timeouts.
/// </summary>
public static class TwilioResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, TwilioOptions options)
    {
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.MaxRetries, 0) is var retries && retries > 0 ? retries : 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome, args.Context, options)),
        });
        builder.AddTimeout(options.Timeout);
    }

    /// <summary>Whether the attempt failed before the request left this machine: nothing can have been processed.</summary>
    public static bool NeverLeft(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TwilioOptions options)
    {
        if (outcome.Exception is HttpRequestException refused && NeverLeft(refused)) return true;
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } throttled)
            return TwilioClient.RetryAfterOf(throttled) is not { } wait || wait <= options.MaxRetryAfter;
        var read = context.GetRequestMessage()?.Method == HttpMethod.Get;
        return read && (outcome.Exception is HttpRequestException or TimeoutRejectedException
                        || outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError });
    }
}
