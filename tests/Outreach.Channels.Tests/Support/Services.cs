using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Channels.Extensions;

namespace Outreach.Channels.Tests.Support;

/// <summary>The channels area as the engine gets it, configured from in-memory settings, with the outbox in a temporary folder.</summary>
public static class Services
{
    public static ServiceProvider Channels(TempFolder folder, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Outbox:Path"] = folder.PathOf("outbox.jsonl"),
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();
        return new ServiceCollection().AddOutreachChannels(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
