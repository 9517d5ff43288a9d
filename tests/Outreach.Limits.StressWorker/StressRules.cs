using Outreach.Core;

namespace Outreach.Limits.StressWorker;

/// <summary>The rules the concurrency test hammers: the example defaults plus an SMS cap shared by two customers per phone.</summary>
public static class StressRules
{
    public static LimitsOptions Options(string prefix)
    {
        var options = new LimitsOptions { KeyPrefix = prefix, Buckets = 256, Rules = LimitsOptions.DefaultRules() };
        options.Rules.Add(new() { Max = 4, Per = "30d", Channel = Channel.Sms, Key = SubjectKind.Address });
        return options;
    }

    /// <summary>Customers 2n and 2n+1 share a phone, like a household.</summary>
    public static string PhoneOf(int customer) => $"+1555{customer / 2:D7}";

    public static int IndexOf(FrequencyCapRule rule) => Options("").EffectiveRules.ToList().FindIndex(r => r.ToString() == rule.ToString());
}
