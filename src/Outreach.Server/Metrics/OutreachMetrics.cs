using System.Text.Json;
using Outreach.Core;
using Outreach.Engine.Dispatch;
using Outreach.Storage.Ledger;
using Prometheus;

namespace Outreach.Server.Metrics;

/// <summary>
/// The Prometheus series this server exposes at <c>/metrics</c>, in a registry of its own (one per server, so servers
/// in one test process do not share counts). Labels are channels, outcomes, cap rules and route templates: never a
/// customer, an address or a key.
/// </summary>
public sealed class OutreachMetrics
{
    // The decider writes a cap's denial as "cap <rule> reached (n/limit)..." (LimitDecision.Denied).
    private const string CapPrefix = "cap ";
    private const string CapSuffix = " reached";

    private readonly Counter _touches;
    private readonly Counter _capDenials;
    private readonly Histogram _sendSeconds;
    private readonly Gauge _queueDue;

    public OutreachMetrics(ITouchQueue queue, TimeProvider time, ILogger<OutreachMetrics> logger)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _touches = Factory.CreateCounter("outreach_touches_total",
            "Touches the dispatchers worked, by channel (none before one was chosen) and the status recorded.", ["channel", "outcome"]);
        _capDenials = Factory.CreateCounter("outreach_cap_denials_total",
            "Touches a frequency cap held back or dropped, by rule as configured (a touch capped again on its retry counts again).", ["rule"]);
        _sendSeconds = Factory.CreateHistogram("outreach_provider_send_seconds",
            "Time a channel's provider took to answer a send (including any wait for the channel's send rate), by channel and result.",
            new HistogramConfiguration
            {
                LabelNames = ["channel", "result"],
                Buckets = Histogram.ExponentialBuckets(0.005, 2, 12),
            });
        _queueDue = Factory.CreateGauge("outreach_touch_queue_due", "Touches due now and not yet claimed: the touch queue's depth.");
        Registry.AddBeforeCollectCallback(async ct =>
        {
            try
            {
                _queueDue.Set(await queue.CountDueAsync(time.GetUtcNow(), ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The other series still go out; /ready says what is wrong with the database.
                logger.LogWarning("Queue depth not measured: {Error}", e.Message);
            }
        });
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    /// <summary>Counts what one dispatch batch did (<see cref="TouchDispatcher.Dispatched"/>).</summary>
    public void Record(DispatchReport report)
    {
        foreach (var touch in report.Completions)
        {
            _touches.WithLabels(touch.Channel?.ToName() ?? "none", Name(touch.Status)).Inc();
            if (RuleOf(touch.Reason) is { } rule) _capDenials.WithLabels(rule).Inc();
        }
    }

    public void RecordSend(Channel channel, string result, TimeSpan elapsed) =>
        _sendSeconds.WithLabels(channel.ToName(), result).Observe(elapsed.TotalSeconds);

    private static string Name(TouchStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static string? RuleOf(string reason)
    {
        if (!reason.StartsWith(CapPrefix, StringComparison.Ordinal)) return null;
        var end = reason.IndexOf(CapSuffix, CapPrefix.Length, StringComparison.Ordinal);
        return end > CapPrefix.Length ? reason[CapPrefix.Length..end] : null;
    }
}
