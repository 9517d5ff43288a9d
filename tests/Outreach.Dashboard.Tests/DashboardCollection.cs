namespace Outreach.Dashboard.Tests;

/// <summary>The browser tests share one seeded server and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<SeededDashboard>
{
    public const string Name = "dashboard";
}
