using Outreach.Core;

namespace Outreach.Channels.RateLimits;

/// <summary>
/// Send-rate limits per channel (section <c>Channels:RateLimits</c>), apart from the per-customer caps: keys are channel
/// names (<c>sms</c>, <c>call</c>, <c>email</c>, <c>wechat</c>), each with <c>PerSecond</c> and an optional <c>Burst</c>;
/// a channel left out is not limited. The limit holds for every sender of the channel, whatever it sends to (a
/// provider or the outbox), and each sender has its own bucket.
/// </summary>
/// <remarks>
/// Today each channel has one sender, so a channel's limit is its sender's limit. When a channel gets several senders
/// (two SMS numbers, two WeChat accounts), each will take its own limit from an optional <c>Senders</c> sub-key
/// (<c>Channels:RateLimits:sms:Senders:{name}:PerSecond</c>), the channel's values being the default for the others.
/// </remarks>
public sealed class ChannelRateLimitOptions
{
    public const string SectionName = "Channels:RateLimits";

    /// <summary>The limits by channel name, as written in the section.</summary>
    public Dictionary<string, ChannelRateLimit> Channels { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limit of <paramref name="channel"/>, or null when it is not limited.</summary>
    public ChannelRateLimit? For(Channel channel) =>
        Channels.FirstOrDefault(entry => ChannelNames.TryParse(entry.Key, out var named) && named == channel).Value;

    /// <summary>Every mistake in the section, each naming its key, e.g. <c>Channels:RateLimits:sms:PerSecond must be greater than 0</c>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var seen = new Dictionary<Channel, string>();
        foreach (var (name, limit) in Channels)
        {
            var key = $"{SectionName}:{name}";
            if (!ChannelNames.TryParse(name, out var channel))
                errors.Add($"{key} is not a channel; use one of {string.Join(", ", ChannelNames.All)}.");
            else if (!seen.TryAdd(channel, name))
                errors.Add($"{key} limits the same channel as {SectionName}:{seen[channel]}; keep one of them.");
            errors.AddRange((limit ?? new ChannelRateLimit()).Validate(key));
        }
        return errors;
    }
}
