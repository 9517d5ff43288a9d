using Outreach.Core;

namespace Outreach.Channels.Costs;

/// <summary>
/// What one message costs per channel (section <c>Channels:Costs</c>), for plans and ROI. Keys are channel names
/// (<c>sms</c>, <c>call</c>, <c>email</c>, <c>wechat</c>); a channel left out costs nothing.
/// </summary>
public sealed class ChannelCostOptions
{
    public const string SectionName = "Channels:Costs";

    /// <summary>ISO 4217 code the costs (and campaign revenue) are in.</summary>
    public string Currency { get; set; } = "CNY";

    public Dictionary<string, decimal> PerMessage { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sms"] = 0.05m,
        ["call"] = 0.15m,
        ["email"] = 0.001m,
        ["wechat"] = 0m,
    };

    public decimal For(Channel channel) => PerMessage.TryGetValue(channel.ToName(), out var cost) ? cost : 0m;
}
