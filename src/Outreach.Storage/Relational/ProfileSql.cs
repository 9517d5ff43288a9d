using System.Data;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>
/// The SQL twin of <see cref="ProfileCalculator"/>: recency, repurchase cycle, RFM scores, pool and stage as
/// expressions over the <c>customers</c> row aliased <c>c</c>, as of one "now". Every expression follows the C#
/// step by step (same operands, same order, IEEE doubles) so both give identical answers, boundaries included.
/// </summary>
internal sealed class ProfileSql(LifecycleOptions options, DateTimeOffset now, SqlArguments arguments)
{
    public const string HasBought = "c.last_purchase_at IS NOT NULL";

    private string Now => arguments.Named("now_ticks", StoredTime.ToUnixTicks(now), DbType.Int64);

    /// <summary>Ticks to days exactly as <see cref="TimeSpan.TotalDays"/> does: (double)ticks / TicksPerDay.</summary>
    private static string Days(string ticks) =>
        $"(CAST({ticks} AS DOUBLE PRECISION) / CAST({StoredTime.TicksPerDay} AS DOUBLE PRECISION))";

    private static string Ticks(string millisecondsColumn) => $"{millisecondsColumn} * {StoredTime.TicksPerMillisecond}";

    private string Double(string name, double value) => arguments.Named(name, value, DbType.Double);

    private string Int(string name, int value) => arguments.Named(name, value, DbType.Int32);

    /// <summary>Null for customers who never bought.</summary>
    public string RecencyDays => Days($"{Now} - {Ticks("c.last_purchase_at")}");

    public string DaysSinceMembershipExpiry => Days($"{Now} - {Ticks("c.membership_expires_at")}");

    public string DaysUntilMembershipExpiry => Days($"{Ticks("c.membership_expires_at")} - {Now}");

    private string DaysSinceFirstPurchase => Days($"{Now} - {Ticks("c.first_purchase_at")}");

    /// <summary>The average repurchase interval when there are two purchases with time between them, else the default cycle.</summary>
    public string RepurchaseCycleDays =>
        $"(CASE WHEN c.purchase_count >= 2 AND c.last_purchase_at > c.first_purchase_at " +
        $"THEN {Days("(c.last_purchase_at - c.first_purchase_at) * " + StoredTime.TicksPerMillisecond)} / CAST(c.purchase_count - 1 AS DOUBLE PRECISION) " +
        $"ELSE {Double("default_cycle", options.DefaultRepurchaseCycleDays)} END)";

    public string RecencyInCycles => $"({RecencyDays} / {RepurchaseCycleDays})";

    private const string NoScore = "c.purchase_count = 0 OR c.last_purchase_at IS NULL";

    public string RecencyScore
    {
        get
        {
            var recency = RecencyDays;
            var cases = options.RecencyDays.Select((bound, i) => $"WHEN {recency} <= {Double("recency_" + i, bound)} THEN {5 - i} ");
            return $"(CASE WHEN {NoScore} THEN 0 {string.Concat(cases)}ELSE 1 END)";
        }
    }

    public string FrequencyScore =>
        Score(options.FrequencyCounts.Select((bound, i) => $"c.purchase_count >= {Int("frequency_" + i, bound)}"));

    public string MonetaryScore =>
        Score(options.MonetaryAmounts.Select((bound, i) =>
            $"c.total_spend_units >= {arguments.Named("monetary_" + i, StoredMoney.CeilingUnits(bound), DbType.Int64)}"));

    /// <summary>1 + the number of bounds reached, or 0 for a customer who never bought.</summary>
    private static string Score(IEnumerable<string> reached) =>
        $"(CASE WHEN {NoScore} THEN 0 ELSE 1{string.Concat(reached.Select(r => $" + (CASE WHEN {r} THEN 1 ELSE 0 END)"))} END)";

    public string Pool
    {
        get
        {
            var recency = RecencyDays;
            var cycle = RepurchaseCycleDays;
            return "(CASE " +
                $"WHEN c.last_purchase_at IS NULL THEN {(int)CustomerPool.New} " +
                $"WHEN {recency} > {Double("churned_days", options.ChurnedAfterDays)} " +
                $"OR {recency} > {Double("churned_cycles", options.ChurnedAfterCycles)} * {cycle} THEN {(int)CustomerPool.Churned} " +
                $"WHEN {recency} > {Double("warning_cycles", options.WarningAfterCycles)} * {cycle} " +
                $"THEN (CASE WHEN {MonetaryScore} >= {Int("maintenance_monetary", options.MaintenanceMinMonetaryScore)} " +
                $"THEN {(int)CustomerPool.Maintenance} ELSE {(int)CustomerPool.Warning} END) " +
                $"WHEN c.purchase_count = 1 AND c.first_purchase_at IS NOT NULL " +
                $"AND {DaysSinceFirstPurchase} <= {Double("new_days", options.NewCustomerDays)} THEN {(int)CustomerPool.New} " +
                $"ELSE {(int)CustomerPool.Active} END)";
        }
    }

    public string Stage =>
        $"(CASE {Pool} " +
        $"WHEN {(int)CustomerPool.Churned} THEN {(int)LifecycleStage.Churn} " +
        $"WHEN {(int)CustomerPool.Warning} THEN {(int)LifecycleStage.Dormancy} " +
        $"WHEN {(int)CustomerPool.Maintenance} THEN {(int)LifecycleStage.Dormancy} " +
        $"ELSE (CASE WHEN c.purchase_count >= {Int("maturity_purchases", options.MaturityMinPurchases)} THEN {(int)LifecycleStage.Maturity} " +
        $"WHEN c.purchase_count >= {Int("growth_purchases", options.GrowthMinPurchases)} THEN {(int)LifecycleStage.Growth} " +
        $"ELSE {(int)LifecycleStage.Introduction} END) END)";
}
