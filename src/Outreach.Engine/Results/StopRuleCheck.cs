using System.Globalization;
using Outreach.Core.Campaigns;

namespace Outreach.Engine.Results;

/// <summary>Whether a campaign's stop rule holds: ROI below <c>min_roi</c> once <c>after_touches</c> touches went out.</summary>
public static class StopRuleCheck
{
    public static StopRuleStatus Judge(StopRule rule, long touches, double? roi, bool hasGoal)
    {
        if (!hasGoal)
            return new(rule.AfterTouches, rule.MinRoi, touches, roi, false, "not judged: the campaign has no goal, so no revenue is attributed");
        if (touches < rule.AfterTouches)
            return new(rule.AfterTouches, rule.MinRoi, touches, roi, false, $"not judged yet: {touches} of {rule.AfterTouches} touches");
        if (roi is not { } value)
            return new(rule.AfterTouches, rule.MinRoi, touches, roi, false, "not judged: the touches cost nothing, so ROI is not defined");
        return value < rule.MinRoi
            ? new(rule.AfterTouches, rule.MinRoi, touches, roi, true,
                $"stopped by its stop rule: ROI {Number(value)} is below min_roi {Number(rule.MinRoi)} after {touches} touches")
            : new(rule.AfterTouches, rule.MinRoi, touches, roi, false, $"ROI {Number(value)} meets min_roi {Number(rule.MinRoi)} after {touches} touches");
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
