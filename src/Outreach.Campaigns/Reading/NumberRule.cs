namespace Outreach.Campaigns.Reading;

/// <summary>What a number in a campaign file must be, with the words that say so.</summary>
internal sealed record NumberRule(string Description, double Min, double Max, bool Whole = false)
{
    public bool Allows(double value) => double.IsFinite(value) && value >= Min && value <= Max && (!Whole || value == Math.Floor(value));
}
