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

    private string _effectText = "";
    private ListEffect? _effect;

    /// <summary><c>allow_only</c>, <c>exempt</c> or <c>caps</c>.</summary>
    public string Effect
    {
        get => _effectText;
        set => (_effectText, _effect) = (value, null);
    }

    /// <summary>For <c>caps</c>: the list's caps; tag, transactional and address caps still apply as well.</summary>
    public List<FrequencyCapRule> Caps { get; set; } = [];

    /// <summary>The rule applies only to these campaigns / campaigns with one of these tags; both empty: to every touch.</summary>
    public List<string> Campaigns { get; set; } = [];
    public List<string> Tags { get; set; } = [];

    /// <summary>Parsed once: the whitelist reads it on every touch.</summary>
    public ListEffect ParsedEffect => _effect ??= TryParseEffect(Effect, out var effect) ? effect : throw new FormatException($"'{Effect}' is not allow_only, exempt or caps.");

    /// <summary>Asked for every touch, so plain loops: no iterator or closure per call.</summary>
    public bool AppliesTo(TouchRequest request)
    {
        if (Campaigns.Count == 0 && Tags.Count == 0) return true;
        if (request.CampaignId is { } campaign && Names.Contain(Campaigns, campaign)) return true;
        for (var i = 0; i < request.Tags.Count; i++)
            if (Names.Contain(Tags, request.Tags[i])) return true;
        return false;
    }

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
