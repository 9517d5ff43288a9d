using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Engine.Dispatch;
using Outreach.Core.Campaigns;
using Outreach.Engine.Runs;
using Outreach.Storage;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Triggers;

/// <summary>
/// Fires event-triggered campaigns: reads the events stored since the last scan (by any process: the API, an import,
/// another node) and plans, per event and campaign, the customer's first touch due the trigger's delay after the event.
/// Touches of one campaign and UTC day of the event form one run (<c>event-yyyyMMdd</c>), so an event seen twice, or
/// scanned by two nodes, plans one touch.
/// </summary>
public sealed class EventTriggerScanner(
    ICustomerStore store,
    ITouchLedger ledger,
    IRunStore runs,
    ICampaignSource campaigns,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<EventTriggerScanner> logger)
{
    public const string CursorName = "event-triggers";

    /// <summary>Where the first scan started: events received before it are history and never fire.</summary>
    public const string FloorName = "event-triggers-floor";
    private const int PageSize = 1000;

    public static string RunIdFor(DateTimeOffset occurredAt) => $"event-{occurredAt.UtcDateTime:yyyyMMdd}";

    /// <summary>
    /// Plans touches for every trigger event stored since the last scan, reading <see cref="DispatchOptions.TriggerOverlap"/>
    /// behind the cursor again: received times are stamped by the storing node's clock before its transaction commits,
    /// so an event can land behind a position already scanned. Returns how many touches were new.
    /// </summary>
    public async Task<int> ScanAsync(CancellationToken ct = default)
    {
        var triggered = campaigns.All.Where(c => c.Trigger is not null).ToList();
        var cursor = await runs.GetCursorAsync(CursorName, ct);
        if (cursor is null)
        {
            // First start: events stored before the engine ever ran (an import of history) fire nothing, not even
            // those stored in this very millisecond; the overlap never reads behind this floor.
            var start = new EventPosition(time.GetUtcNow().AddMilliseconds(1), "").ToString();
            await runs.SetCursorAsync(FloorName, start, ct);
            await runs.SetCursorAsync(CursorName, start, ct);
            return 0;
        }
        if (triggered.Count == 0) return 0;

        var types = triggered.Select(c => c.Trigger!.Event).Distinct(StringComparer.Ordinal).ToList();
        var scanned = EventPosition.Parse(cursor);
        var floor = await runs.GetCursorAsync(FloorName, ct) is { } f ? EventPosition.Parse(f).ReceivedAt : DateTimeOffset.MinValue;
        var from = scanned.ReceivedAt - options.Value.TriggerOverlap;
        var position = new EventPosition(from > floor ? from : floor, "");
        var planned = 0;
        while (true)
        {
            var events = await store.EventsReceivedAfterAsync(position, types, PageSize, ct);
            if (events.Count == 0) break;
            planned += await PlanAsync(triggered, events, ct);
            position = events[^1].Position;
            if (position.ReceivedAt > scanned.ReceivedAt || (position.ReceivedAt == scanned.ReceivedAt && string.CompareOrdinal(position.EventId, scanned.EventId) > 0))
            {
                scanned = position;
                await runs.SetCursorAsync(CursorName, scanned.ToString(), ct);
            }
            if (events.Count < PageSize) break;
        }
        return planned;
    }

    private async Task<int> PlanAsync(IReadOnlyList<Campaign> triggered, IReadOnlyList<ReceivedEvent> events, CancellationToken ct)
    {
        var planned = 0;
        foreach (var campaign in triggered)
        {
            var touches = events
                .Where(e => string.Equals(e.Event.Type, campaign.Trigger!.Event, StringComparison.Ordinal))
                .Select(e => RunPlanner.FirstTouch(campaign, RunIdFor(e.Event.OccurredAt), e.Event.CustomerId, e.Event.OccurredAt + campaign.Trigger!.Delay)
                    with { Reason = $"'{e.Event.Type}' event {e.Event.Id} at {e.Event.OccurredAt:u}" })
                .ToList();
            foreach (var run in touches.GroupBy(t => t.RunId))
            {
                var state = (await runs.StartRunAsync(campaign.Id, run.Key, "event", ct)).State;
                if (state == RunState.Cancelled) continue;
                var added = await ledger.PlanAsync(run.Select(t => state == RunState.Paused ? t with { Status = TouchStatus.Paused } : t).ToList(), ct);
                if (added > 0) await runs.AddToAudienceAsync(campaign.Id, run.Key, added, ct);
                planned += added;
            }
        }
        if (planned > 0) logger.LogInformation("Event triggers planned {Count} touch(es) from {Events} event(s)", planned, events.Count);
        return planned;
    }
}
