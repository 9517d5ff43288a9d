using Outreach.Core;
using Outreach.Core.Campaigns;

namespace Outreach.Limits;

/// <summary>Whose history a cap counts: the customer's, or the contact address's (shared by every record with that address).</summary>
public enum SubjectKind
{
    Customer,
    Address,
}

/// <summary>
/// A cap: at most <see cref="Max"/> touches per rolling window <see cref="Per"/>, scoped to a channel, a category
/// (rules without one cap marketing touches) and a campaign tag, counted per customer or per contact address.
/// </summary>
public sealed class FrequencyCapRule
{
    public int Max { get; set; }

    private string _per = "1d";
    private TimeSpan? _window;

    /// <summary>The rolling window as written in config: <c>1d</c>, <c>7d</c>, <c>30d</c>, <c>12h</c>.</summary>
    public string Per
    {
        get => _per;
        set => (_per, _window) = (value, null);
    }

    /// <summary>Only touches on this channel count and are capped; null: all channels.</summary>
    public Channel? Channel { get; set; }

    /// <summary>Transactional touches are capped only by rules that name that category.</summary>
    public CampaignCategory Category { get; set; } = CampaignCategory.Marketing;

    /// <summary>Only touches of campaigns with this tag count and are capped.</summary>
    public string? Tag { get; set; }
    public SubjectKind Key { get; set; } = SubjectKind.Customer;

    /// <summary>Priority headroom: the last <see cref="ReservedSlots"/> of <see cref="Max"/> go only to priority ≥ <see cref="ReservedForPriority"/>.</summary>
    public int ReservedSlots { get; set; }
    public int ReservedForPriority { get; set; } = 8;

    /// <summary>Parsed once: the limiter reads it on every touch.</summary>
    public TimeSpan Window => _window ??= Duration.Parse(Per);

    public bool AppliesTo(TouchRequest request) =>
        request.Category == Category
        && (Channel is null || Channel == request.Channel)
        && (Tag is null || Names.Contain(request.Tags, Tag))
        && (Key == SubjectKind.Customer || request.Address is not null);

    /// <summary>The limit a touch of this priority meets: lower priorities cannot use the reserved slots.</summary>
    public int LimitFor(int priority) => priority >= ReservedForPriority ? Max : Math.Max(0, Max - ReservedSlots);

    public IEnumerable<string> Validate(string path)
    {
        if (Max < 0) yield return $"{path}.Max must not be negative.";
        if (!Duration.TryParse(Per, out var window) || window < TimeSpan.FromSeconds(1)) yield return $"{path}.Per '{Per}' is not a window such as 1d, 7d or 12h.";
        if (ReservedSlots < 0 || ReservedSlots > Max) yield return $"{path}.ReservedSlots must be between 0 and Max.";
        if (Tag is { Length: 0 }) yield return $"{path}.Tag must not be empty.";
    }

    public override string ToString()
    {
        var scope = string.Join(' ', new[]
        {
            Channel?.ToName(),
            Category == CampaignCategory.Transactional ? "transactional" : null,
            Tag is null ? null : $"#{Tag}",
            Key == SubjectKind.Address ? "per address" : null,
        }.Where(part => part is not null));
        var headroom = ReservedSlots > 0 ? $" (last {ReservedSlots} for priority >= {ReservedForPriority})" : "";
        return $"{Max} per {Per}{(scope.Length > 0 ? " " + scope : "")}{headroom}";
    }
}
