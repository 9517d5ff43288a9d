using Outreach.Core.Customers;

namespace Outreach.Core.Tests.Customers;

public class ProfileCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly ProfileCalculator _calculator = new(new LifecycleOptions());
    private static readonly Customer Someone = new() { Id = "c1", CreatedAt = Now.AddDays(-400) };

    private static PurchaseStats Bought(int count, double firstDaysAgo, double lastDaysAgo, decimal spend) =>
        new(Now.AddDays(-firstDaysAgo), Now.AddDays(-lastDaysAgo), count, spend);

    [Fact]
    public void A_customer_who_never_bought_is_new_with_zero_scores()
    {
        var profile = _calculator.Derive(Someone, PurchaseStats.None, Now);

        Assert.Equal(CustomerPool.New, profile.Pool);
        Assert.Equal(LifecycleStage.Introduction, profile.Stage);
        Assert.Equal(new RfmScores(0, 0, 0), profile.Rfm);
        Assert.Null(profile.RecencyDays);
    }

    [Fact]
    public void A_first_time_buyer_of_last_week_is_new()
    {
        var profile = _calculator.Derive(Someone, Bought(1, 5, 5, 80m), Now);

        Assert.Equal(CustomerPool.New, profile.Pool);
        Assert.Equal(LifecycleStage.Introduction, profile.Stage);
        Assert.Equal(new RfmScores(5, 1, 1), profile.Rfm);
    }

    [Fact]
    public void A_regular_buyer_within_their_cycle_is_active_and_mature()
    {
        // 10 purchases over 180 days: a 20-day cycle; last purchase 10 days ago is half a cycle.
        var profile = _calculator.Derive(Someone, Bought(10, 190, 10, 2500m), Now);

        Assert.Equal(20, profile.RepurchaseCycleDays, 6);
        Assert.Equal(0.5, profile.RecencyInCycles!.Value, 6);
        Assert.Equal(CustomerPool.Active, profile.Pool);
        Assert.Equal(LifecycleStage.Maturity, profile.Stage);
        Assert.Equal(new RfmScores(4, 4, 4), profile.Rfm);
    }

    [Fact]
    public void Lateness_is_judged_against_the_customers_own_cycle()
    {
        // Same 40 days of silence: late for a weekly buyer, on time for a bi-monthly one.
        var weekly = _calculator.Derive(Someone, Bought(5, 68, 40, 300m), Now);
        var bimonthly = _calculator.Derive(Someone, Bought(3, 160, 40, 300m), Now);

        Assert.Equal(CustomerPool.Churned, weekly.Pool); // 40 days > 3 × 7-day cycle
        Assert.Equal(CustomerPool.Active, bimonthly.Pool); // 40 days < 1.5 × 60-day cycle
    }

    [Fact]
    public void A_late_valuable_customer_needs_maintenance_not_just_a_warning()
    {
        var ordinary = _calculator.Derive(Someone, Bought(3, 100, 50, 300m), Now);   // cycle 25, 2 cycles late
        var valuable = _calculator.Derive(Someone, Bought(3, 100, 50, 3000m), Now);

        Assert.Equal(CustomerPool.Warning, ordinary.Pool);
        Assert.Equal(CustomerPool.Maintenance, valuable.Pool);
        Assert.Equal(LifecycleStage.Dormancy, valuable.Stage);
    }

    [Fact]
    public void Silence_beyond_the_ceiling_is_churn_whatever_the_cycle()
    {
        var profile = _calculator.Derive(Someone, Bought(2, 600, 200, 90m), Now); // cycle 400 days

        Assert.Equal(CustomerPool.Churned, profile.Pool);
        Assert.Equal(LifecycleStage.Churn, profile.Stage);
        Assert.Equal(1, profile.Rfm.Recency);
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(7.01, 4)]
    [InlineData(30, 4)]
    [InlineData(90, 3)]
    [InlineData(180, 2)]
    [InlineData(181, 1)]
    public void Recency_score_bounds_are_inclusive(double days, int score) =>
        Assert.Equal(score, _calculator.Score(Bought(1, days, days, 1m), days).Recency);

    [Theory]
    [InlineData(1, 99.99, 1, 1)]
    [InlineData(2, 100, 2, 2)]
    [InlineData(16, 5000, 5, 5)]
    public void Frequency_and_monetary_scores_count_the_bounds_reached(int count, double spend, int f, int m)
    {
        var scores = _calculator.Score(Bought(count, 10, 1, (decimal)spend), 1);
        Assert.Equal((f, m), (scores.Frequency, scores.Monetary));
    }
}
