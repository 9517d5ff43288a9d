using Outreach.Channels.Costs;
using Outreach.Core;
using Outreach.Engine.Pipeline;

namespace Outreach.Engine.Planning;

/// <summary>
/// Where the customers of a forecast pass (or of several, added up) end: lost at each gate of the pipeline, or touched on
/// a channel at a cost. Every customer of <see cref="Audience"/> lands in exactly one of the other counts.
/// </summary>
public sealed class ForecastCounts
{
    private readonly SortedDictionary<string, CapLoss> _caps = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _touches = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, decimal> _cost = new(StringComparer.Ordinal);

    public long Audience { get; private set; }
    public long HeldOut { get; private set; }
    public long Suppressed { get; private set; }
    public long NotAllowed { get; private set; }
    public long Unreachable { get; private set; }

    /// <summary>In quiet hours at the pass's time and deferred to the morning; the later delivery is not forecast.</summary>
    public long QuietHoursDeferred { get; private set; }

    /// <summary>In quiet hours, and the campaign drops such touches or the deferral would outlive the touch.</summary>
    public long QuietHoursDropped { get; private set; }

    /// <summary>The whitelist lists could not be read, so the limiter could not decide.</summary>
    public long ListsUnreadable { get; private set; }

    /// <summary>Customers each full cap rule kept, by the rule as configured (e.g. "1 per 1d").</summary>
    public IReadOnlyDictionary<string, CapLoss> Caps => _caps;

    /// <summary>Touches that would be sent, per channel name.</summary>
    public IReadOnlyDictionary<string, long> Touches => _touches;

    /// <summary>What those touches cost, per channel name, in the forecast's currency.</summary>
    public IReadOnlyDictionary<string, decimal> Cost => _cost;

    public long QuietHours => QuietHoursDeferred + QuietHoursDropped;
    public long Capped => _caps.Values.Sum(loss => loss.Total);
    public long TotalTouches => _touches.Values.Sum();
    public decimal TotalCost => _cost.Values.Sum();

    internal void CountAudience(int customers) => Audience += customers;

    internal void Count(TouchDecision decision, ChannelCostOptions costs)
    {
        switch (decision.Outcome)
        {
            case TouchOutcome.HeldOut: HeldOut++; break;
            case TouchOutcome.Suppressed: Suppressed++; break;
            case TouchOutcome.NotAllowed: NotAllowed++; break;
            case TouchOutcome.Unreachable: Unreachable++; break;
            // Deferred only ever comes from quiet hours: a deferral by a cap is reported as Capped.
            case TouchOutcome.Deferred: QuietHoursDeferred++; break;
            case TouchOutcome.Capped: AddCap(decision.CapRule, new CapLoss(1, 0)); break;
            // A drop by a cap names its rule; the only other drop is quiet hours.
            case TouchOutcome.Dropped when decision.CapRule is not null: AddCap(decision.CapRule, new CapLoss(0, 1)); break;
            case TouchOutcome.Dropped: QuietHoursDropped++; break;
            case TouchOutcome.Waiting: ListsUnreadable++; break;
            case TouchOutcome.Planned or TouchOutcome.Sent when decision.Channel is { } channel:
                var name = channel.ToName();
                _touches[name] = _touches.GetValueOrDefault(name) + 1;
                _cost[name] = _cost.GetValueOrDefault(name) + costs.For(channel);
                break;
            default:
                throw new InvalidOperationException($"A forecast cannot count the outcome {decision.Outcome} of touch {decision.TouchId}.");
        }
    }

    /// <summary>Adds another pass's counts to these.</summary>
    public void Add(ForecastCounts other)
    {
        Audience += other.Audience;
        HeldOut += other.HeldOut;
        Suppressed += other.Suppressed;
        NotAllowed += other.NotAllowed;
        Unreachable += other.Unreachable;
        QuietHoursDeferred += other.QuietHoursDeferred;
        QuietHoursDropped += other.QuietHoursDropped;
        ListsUnreadable += other.ListsUnreadable;
        foreach (var (rule, loss) in other._caps) AddCap(rule, loss);
        foreach (var (channel, touches) in other._touches) _touches[channel] = _touches.GetValueOrDefault(channel) + touches;
        foreach (var (channel, cost) in other._cost) _cost[channel] = _cost.GetValueOrDefault(channel) + cost;
    }

    public static ForecastCounts Sum(IEnumerable<ForecastCounts> counts)
    {
        var sum = new ForecastCounts();
        foreach (var count in counts) sum.Add(count);
        return sum;
    }

    private void AddCap(string? rule, CapLoss loss)
    {
        var key = rule ?? "a cap";
        _caps[key] = _caps.TryGetValue(key, out var current) ? current.Plus(loss) : loss;
    }
}
