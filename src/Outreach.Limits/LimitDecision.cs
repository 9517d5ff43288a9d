using Outreach.Limits.Suppression;

namespace Outreach.Limits;

/// <summary>What the limiter answered for one touch.</summary>
public enum LimitOutcome
{
    /// <summary>Every cap passed; the touch is reserved and counted.</summary>
    Granted,
    /// <summary>This touch id was reserved before; it is not counted twice.</summary>
    AlreadyReserved,
    /// <summary>Caps do not apply (transactional, or an exempt list); nothing was counted.</summary>
    Exempt,
    /// <summary>A cap is full; <see cref="LimitDecision.NextEligibleAt"/> says when it frees up.</summary>
    Denied,
    /// <summary>An allow-only list applies and the customer is not on it.</summary>
    NotAllowed,
    /// <summary>The customer or the address is suppressed on this channel. Never overridden.</summary>
    Suppressed,
    /// <summary>The limiter could not check (Redis unreachable): defer and retry, do not send.</summary>
    Unavailable,
}

/// <summary>
/// The limiter's answer as a value: the outcome, when it was decided, and for a denial the rule, its count and when the
/// customer next becomes eligible. <see cref="MayProceed"/> is the only thing a sender needs to look at.
/// </summary>
public sealed record LimitDecision(LimitOutcome Outcome, DateTimeOffset At)
{
    /// <summary>The rule that denied (the first one, in configuration order).</summary>
    public FrequencyCapRule? Rule { get; init; }

    /// <summary>Touches <see cref="Rule"/> counted in its window, and the limit that applied at this priority.</summary>
    public int Count { get; init; }
    public int Limit { get; init; }

    /// <summary>Denied: when every full rule has room again (null: waiting does not help). Unavailable: when to try again.</summary>
    public DateTimeOffset? NextEligibleAt { get; init; }
    public SuppressionReason? Suppression { get; init; }

    /// <summary>The whitelist that excluded or exempted the customer.</summary>
    public string? List { get; init; }

    /// <summary>
    /// Exempt without anything looked at, suppressions included (a transactional touch while Redis is unreachable):
    /// whoever sends it must check the suppression list itself.
    /// </summary>
    public bool Unchecked { get; init; }

    /// <summary>One line for the ledger and logs.</summary>
    public string Reason { get; init; } = "";

    public bool MayProceed => Outcome is LimitOutcome.Granted or LimitOutcome.AlreadyReserved or LimitOutcome.Exempt;

    /// <summary>Waiting can change the answer (a full cap, or an unreachable limiter).</summary>
    public bool IsTemporary => Outcome is LimitOutcome.Unavailable || (Outcome is LimitOutcome.Denied && NextEligibleAt is not null);

    public static LimitDecision Granted(DateTimeOffset at) => new(LimitOutcome.Granted, at) { Reason = "within every cap" };
    public static LimitDecision AlreadyReserved(DateTimeOffset at) => new(LimitOutcome.AlreadyReserved, at) { Reason = "this touch was already reserved" };
    public static LimitDecision Exempt(DateTimeOffset at, string reason, string? list = null) => new(LimitOutcome.Exempt, at) { Reason = reason, List = list };
    public static LimitDecision NotAllowed(DateTimeOffset at, string list) => new(LimitOutcome.NotAllowed, at) { List = list, Reason = $"only customers on list '{list}' may be touched" };
    public static LimitDecision Suppressed(DateTimeOffset at, SuppressionReason reason, string subject) =>
        new(LimitOutcome.Suppressed, at) { Suppression = reason, Reason = $"{subject} is suppressed ({reason})" };
    public static LimitDecision Unavailable(DateTimeOffset at, DateTimeOffset retryAt, string reason) =>
        new(LimitOutcome.Unavailable, at) { NextEligibleAt = retryAt, Reason = reason };

    public static LimitDecision Denied(DateTimeOffset at, FrequencyCapRule rule, int count, int limit, DateTimeOffset? nextEligibleAt) =>
        new(LimitOutcome.Denied, at)
        {
            Rule = rule, Count = count, Limit = limit, NextEligibleAt = nextEligibleAt,
            Reason = $"cap {rule} reached ({count}/{limit})" + (nextEligibleAt is { } next ? $", eligible again at {next:u}" : ""),
        };
}
