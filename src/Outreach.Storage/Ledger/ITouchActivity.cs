using Outreach.Core;

namespace Outreach.Storage.Ledger;

/// <summary>
/// The ledger summed up by day for the dashboard: touches that went out, and touches a frequency cap held back. Days are
/// UTC days of a touch's last update (when it went out, or when the cap stopped it). Implemented by the touch ledger.
/// </summary>
public interface ITouchActivity
{
    /// <summary>Touches that went out (Sent or Delivered) since <paramref name="since"/>, per day, campaign and channel; of one campaign when given.</summary>
    Task<IReadOnlyList<DailyTouches>> CountSentPerDayAsync(DateTimeOffset since, string? campaignId = null, CancellationToken ct = default);

    /// <summary>
    /// Touches a cap holds back or dropped (Capped, or Dropped by a cap) since <paramref name="since"/>, per day and rule
    /// (as configured, e.g. <c>1 per 1d</c>). A capped touch sent later counts as sent, no longer as denied.
    /// </summary>
    Task<IReadOnlyList<DailyCapDenials>> CountCapDenialsPerDayAsync(DateTimeOffset since, CancellationToken ct = default);
}

public sealed record DailyTouches(DateOnly Day, string CampaignId, Channel? Channel, long Count);

public sealed record DailyCapDenials(DateOnly Day, string Rule, long Count);
