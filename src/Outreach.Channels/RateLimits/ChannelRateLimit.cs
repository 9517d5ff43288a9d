using System.Globalization;
using System.Threading.RateLimiting;

namespace Outreach.Channels.RateLimits;

/// <summary>
/// How fast one channel's sender may send: a bucket of <see cref="Burst"/> tokens, refilled at <see cref="PerSecond"/>,
/// one token per message. A send that finds the bucket empty waits for a token instead of failing.
/// </summary>
public sealed class ChannelRateLimit
{
    /// <summary>Above this, leave the channel out: no provider takes more, and the refill arithmetic stays exact.</summary>
    public const double MaxPerSecond = 1_000_000;

    /// <summary>Below this the refill period would outgrow a timer; one message every 1,000 s is slow enough for anyone.</summary>
    public const double MinPerSecond = 0.001;

    /// <summary>Sustained messages per second; fractions are allowed (0.5 is one message every two seconds).</summary>
    public double PerSecond { get; set; }

    /// <summary>Messages that may go at once after a quiet spell; unset, one second's worth (at least 1).</summary>
    public int? Burst { get; set; }

    public int EffectiveBurst => Burst ?? (int)Math.Max(1, Math.Ceiling(Math.Min(PerSecond, MaxPerSecond)));

    /// <summary>Every mistake in this limit, each naming its configuration key (<paramref name="key"/>, e.g. <c>Channels:RateLimits:sms</c>).</summary>
    public IEnumerable<string> Validate(string key)
    {
        var perSecond = PerSecond.ToString(CultureInfo.InvariantCulture);
        if (!(PerSecond > 0))
            yield return $"{key}:PerSecond must be greater than 0 (it is {perSecond}); leave the channel out for no limit.";
        else if (PerSecond < MinPerSecond)
            yield return $"{key}:PerSecond must be at least {MinPerSecond.ToString(CultureInfo.InvariantCulture)} (it is {perSecond}).";
        else if (!(PerSecond <= MaxPerSecond))
            yield return $"{key}:PerSecond must be at most {MaxPerSecond.ToString(CultureInfo.InvariantCulture)} (it is {perSecond}); leave the channel out for no limit.";
        if (Burst < 1)
            yield return $"{key}:Burst must be at least 1 (it is {Burst}).";
    }

    /// <summary>
    /// A limiter for one sender, refilled by a timer about ten times a second (or once per token when slower), so a
    /// second never holds more than <see cref="PerSecond"/> messages beyond the burst; timer lag only makes it slower.
    /// Waiting sends are served oldest first, and any number of them may wait.
    /// </summary>
    public TokenBucketRateLimiter CreateLimiter()
    {
        var burst = EffectiveBurst;
        var tokensPerPeriod = Math.Clamp((int)Math.Round(PerSecond / 10), 1, burst);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / PerSecond),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }
}
