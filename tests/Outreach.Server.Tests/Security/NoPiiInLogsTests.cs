using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Outreach.Server.Security;
using Outreach.Server.Tests.Apis;

namespace Outreach.Server.Tests.Security;

public sealed class NoPiiInLogsTests
{
    private const string Phone = "13800138000";
    private const string Email = "li.wei@example.com";

    [Fact]
    public async Task A_phone_number_pushed_suppressed_checked_and_sent_to_never_reaches_the_logs()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await OutreachServer.StartAsync(Store.Sqlite,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            services => services.AddSingleton<ILoggerProvider>(logs));
        server.AddCampaign("welcome.yaml", TriggerApiTests.Welcome);
        using var ingest = server.CreateClient(Scopes.Ingest);
        using var admin = server.CreateClient(Scopes.Admin);
        using var wrongKey = server.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "secret-key-that-is-not-configured");

        (await ingest.PutAsJsonAsync("/customers/vip-1", new { name = "Li", phone = $"+86 {Phone}", email = Email, tags = new[] { "vip" }, consent = new { sms = "opted_in" } }))
            .EnsureSuccessStatusCode();
        var badPhone = await ingest.PutAsJsonAsync("/customers/vip-2", new { phone = "+86 1380013800099999" });
        var sent = await server.CreateClient(Scopes.Trigger).PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" });
        (await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "sms", address = $"+86{Phone}", reason = "complaint" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/lists/suppressions/check", new { channel = "sms", address = Phone })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/lists/suppressions/remove", new { channel = "sms", address = Phone })).EnsureSuccessStatusCode();
        var refused = await wrongKey.GetAsync("/lists/whitelists");

        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains(Phone, File.ReadAllText(server.OutboxPath)); // it was handled, and sent
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var lines = logs.Lines.ToList();
        Assert.Contains(lines, line => line.Contains("/lists/suppressions")); // requests were logged, at Trace
        Assert.DoesNotContain(lines, line => line.Contains(Phone) || line.Contains("1380013800099999"));
        Assert.DoesNotContain(lines, line => line.Contains(Email, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, line => line.Contains("secret-key-that-is-not-configured") || line.Contains(OutreachServer.AdminKey));
    }

    /// <summary>Every message, its structured values, its exception and its scopes, as text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state} {Values(state)}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {Values(state)} {exception}");

            private static string Values(object? state) =>
                state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        }
    }
}
