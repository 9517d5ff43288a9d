namespace Outreach.Storage.Tests.Support;

/// <summary>The fixed clock of the tests and instants relative to it.</summary>
internal static class Days
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Ago(double days) => Now.AddDays(-days);

    public static DateTimeOffset FromNow(double days) => Now.AddDays(days);
}
