namespace Outreach.Server.Tests;

/// <summary>The shared test Redis that tests/services.sh starts (OUTREACH_TEST_REDIS, default 127.0.0.1:6390).</summary>
internal static class TestRedis
{
    public static string Endpoint => Environment.GetEnvironmentVariable("OUTREACH_TEST_REDIS") is { Length: > 0 } endpoint ? endpoint : "127.0.0.1:6390";
}
