using System.Data;
using Outreach.Core.Audience;
using Outreach.Core.Customers;

namespace Outreach.Storage.Relational;

/// <summary>A compiled audience filter: a predicate over <c>customers c</c> and the values it binds.</summary>
internal sealed record AudiencePredicate(string Sql, SqlArguments Arguments);

/// <summary>
/// Compiles an <see cref="AudienceFilter"/> to a SQL predicate meaning exactly what <see cref="AudienceEvaluator"/> means.
/// Every leaf yields true or false, never NULL (nullable columns are guarded), so <c>NOT</c> stays a plain negation.
/// </summary>
internal sealed class AudienceSql(SqlDialect dialect, LifecycleOptions options)
{
    private const string True = "1 = 1";
    private const string False = "1 = 0";

    public AudiencePredicate Compile(AudienceFilter filter, DateTimeOffset now)
    {
        var arguments = new SqlArguments();
        var compiler = new Compiler(dialect, new ProfileSql(options, now, arguments), arguments);
        return new AudiencePredicate(compiler.Predicate(filter), arguments);
    }

    private sealed class Compiler(SqlDialect dialect, ProfileSql profile, SqlArguments arguments)
    {
        public string Predicate(AudienceFilter filter) => filter switch
        {
            AllOf all => all.Filters.Count == 0 ? True : Join(" AND ", all.Filters),
            AnyOf any => any.Filters.Count == 0 ? False : Join(" OR ", any.Filters),
            Not not => $"NOT ({Predicate(not.Filter)})",
            MembershipStatusFilter m => In("c.membership_status", m.Statuses.Select(s => (int)s).ToList(), DbType.Int32),
            MembershipTierFilter t => t.Tiers.Count == 0
                ? False
                : $"(c.membership_tier_key IS NOT NULL AND {In("c.membership_tier_key", Keys(t.Tiers), DbType.String)})",
            DaysSinceMembershipExpiryFilter d => Guarded("c.membership_expires_at IS NOT NULL", profile.DaysSinceMembershipExpiry, d.Days),
            DaysUntilMembershipExpiryFilter d => Guarded("c.membership_expires_at IS NOT NULL", profile.DaysUntilMembershipExpiry, d.Days),
            DaysSinceLastPurchaseFilter d => Guarded(ProfileSql.HasBought, profile.RecencyDays, d.Days),
            CyclesSinceLastPurchaseFilter c => Guarded(ProfileSql.HasBought, profile.RecencyInCycles, c.Cycles),
            RfmScoreFilter r => Within(r.Dimension switch
            {
                RfmDimension.Recency => profile.RecencyScore,
                RfmDimension.Frequency => profile.FrequencyScore,
                _ => profile.MonetaryScore,
            }, r.Score),
            LifecycleStageFilter s => In(profile.Stage, s.Stages.Select(x => (int)x).ToList(), DbType.Int32),
            PoolFilter p => In(profile.Pool, p.Pools.Select(x => (int)x).ToList(), DbType.Int32),
            TotalSpendFilter s => Within(
                $"(CAST(c.total_spend_units AS DOUBLE PRECISION) / CAST({StoredMoney.Scale} AS DOUBLE PRECISION))", s.Amount),
            PurchaseCountFilter c => Within("c.purchase_count", c.Count),
            TagsFilter t => Tags(t),
            ConsentFilter c => $"c.{CustomerRow.ConsentColumn(c.Channel)} = {(int)ConsentStatus.OptedIn}",
            _ => throw new NotSupportedException($"Audience filter {filter.GetType().Name} has no SQL translation."),
        };

        private string Join(string separator, IReadOnlyList<AudienceFilter> filters) =>
            "(" + string.Join(separator, filters.Select(f => $"({Predicate(f)})")) + ")";

        private string In<T>(string expression, IReadOnlyList<T> values, DbType type) where T : notnull =>
            values.Count == 0 ? False : dialect.InList(expression, values, type, arguments);

        private static List<string> Keys(IEnumerable<string> values) => values.Select(CustomerRow.Key).Distinct().ToList();

        private string Guarded(string guard, string expression, NumberRange range) => $"({guard} AND {Within(expression, range)})";

        private string Within(string expression, NumberRange range)
        {
            var bounds = new List<string>(2);
            if (range.Min is { } min) bounds.Add($"{expression} >= {arguments.Add(min, DbType.Double)}");
            if (range.Max is { } max) bounds.Add($"{expression} <= {arguments.Add(max, DbType.Double)}");
            return bounds.Count == 0 ? True : "(" + string.Join(" AND ", bounds) + ")";
        }

        private string Tags(TagsFilter filter)
        {
            var keys = Keys(filter.Tags);
            if (keys.Count == 0) return filter.RequireAll ? True : False;
            if (!filter.RequireAll) return HasTag(dialect.InList("t.tag_key", keys, DbType.String, arguments));
            return "(" + string.Join(" AND ", keys.Select(k => HasTag($"t.tag_key = {arguments.Add(k, DbType.String)}"))) + ")";
        }

        private static string HasTag(string condition) =>
            $"EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND {condition})";
    }
}
