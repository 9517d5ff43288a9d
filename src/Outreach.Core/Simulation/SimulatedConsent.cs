using Outreach.Core.Customers;

namespace Outreach.Core.Simulation;

/// <summary>
/// Consent per channel in realistic shares: most customers opted in or never said, a few opted out; calls are
/// the least welcome, and customers who complained opt out far more often. Unknown is left out (it is the default).
/// </summary>
internal static class SimulatedConsent
{
    public static IReadOnlyDictionary<Channel, ConsentStatus> Next(
        SimulationRandom random, bool hasPhone, bool hasEmail, bool hasWeChat, bool complained)
    {
        var consent = new Dictionary<Channel, ConsentStatus>(4);
        var optOutFactor = complained ? 8 : 1;
        if (hasPhone)
        {
            Add(consent, Channel.Sms, Draw(random, optedIn: 0.60, optedOut: 0.04 * optOutFactor));
            Add(consent, Channel.Call, Draw(random, optedIn: 0.30, optedOut: 0.06 * optOutFactor));
        }
        if (hasEmail) Add(consent, Channel.Email, Draw(random, optedIn: 0.45, optedOut: 0.05 * optOutFactor));
        if (hasWeChat) Add(consent, Channel.WeChat, Draw(random, optedIn: 0.70, optedOut: 0.03 * optOutFactor));
        return consent;
    }

    private static ConsentStatus Draw(SimulationRandom random, double optedIn, double optedOut)
    {
        var x = random.NextDouble();
        return x < optedOut ? ConsentStatus.OptedOut : x < optedOut + optedIn ? ConsentStatus.OptedIn : ConsentStatus.Unknown;
    }

    private static void Add(Dictionary<Channel, ConsentStatus> consent, Channel channel, ConsentStatus status)
    {
        if (status != ConsentStatus.Unknown) consent[channel] = status;
    }
}
