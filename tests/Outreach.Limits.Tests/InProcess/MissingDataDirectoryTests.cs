using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core;
using Outreach.Limits.Extensions;

namespace Outreach.Limits.Tests.InProcess;

/// <summary>A fresh machine has no <c>Limits:DataDirectory</c> yet: the in-process limiter makes it instead of failing the first touch.</summary>
public sealed class MissingDataDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("outreach-limits-").FullName;

    [Fact]
    public async Task The_first_reservation_creates_the_data_directory_and_its_journal()
    {
        var data = Path.Combine(_root, "not", "there", "yet");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Limits:DataDirectory"] = data,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddOutreachLimits(configuration).BuildServiceProvider();

        var limiter = services.GetRequiredService<ITouchLimiter>();
        var decision = await limiter.TryReserveAsync(new TouchRequest { TouchId = "t1", CustomerId = "c1", Channel = Channel.Sms });

        Assert.Equal(LimitOutcome.Granted, decision.Outcome);
        Assert.True(File.Exists(Path.Combine(data, "limiter.journal")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
