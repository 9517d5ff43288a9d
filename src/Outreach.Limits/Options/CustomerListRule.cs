namespace Outreach.Limits;

/// <summary>What a named customer list does to the touches a <see cref="CustomerListRule"/> applies to.</summary>
public enum ListEffect
{
    /// <summary>Only customers on the list may be touched (staff test lists).</summary>
    AllowOnly,
    /// <summary>Customers on the list bypass the caps (suppression still wins).</summary>
    Exempt,
    /// <summary>Customers on the list get the list's own caps instead of the general customer caps.</summary>
    Caps,
}

/// <summary>
/// A whitelist rule over a named customer list, optionally only for some campaigns or campaign tags.
/// Written <c>{ "List": "staff", "Effect": "allow_only", "Tags": ["staff-test"] }</c>.
/// </summary>
public sealed class CustomerListRule
{
    public string List { get; set; } = "";

    /// <summary><c>allow_only</c>, <c>exempt</c> or <c>caps</c>.</summary>
    public string Effect { get; set; } = "";

    /// <summary>For <c>caps</c>: the list's caps; tag, transactional and address caps still apply as well.</summary>
    public List<FrequencyCapRule> Caps { get; set; } = [];

    /// <summary>The rule applies only to these campaigns / campaigns with one of these tags; both empty: to every touch.</summary>
    public List<string> Campaigns { get; set; } = [];
    public List<string> Tags { get; set; } = [];

    public ListEffect ParsedEffect => TryParseEffect(Effect, out var effect) ? effect : throw new FormatException($"'{Effect}' is not allow_only, exempt or caps.");

    public bool AppliesTo(TouchRequest request) =>
        (Campaigns.Count == 0 && Tags.Count == 0)
        || (request.CampaignId is not null && Campaigns.Contains(request.CampaignId, StringComparer.OrdinalIgnoreCase))
        || request.Tags.Any(tag => Tags.Contains(tag, StringComparer.OrdinalIgnoreCase));

    public IEnumerable<string> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(List)) yield return $"{path}.List must name a customer list.";
        if (!TryParseEffect(Effect, out var effect)) yield return $"{path}.Effect '{Effect}' is not allow_only, exempt or caps.";
        else if (effect == ListEffect.Caps && Caps.Count == 0) yield return $"{path}.Caps must hold at least one rule for effect 'caps'.";
        for (var i = 0; i < Caps.Count; i++)
            foreach (var error in Caps[i].Validate($"{path}.Caps[{i}]")) yield return error;
    }

    private static bool TryParseEffect(string? text, out ListEffect effect) =>
        Enum.TryParse(text?.Replace("_", "").Replace("-", ""), ignoreCase: true, out effect) && Enum.IsDefined(effect);
}
