using Outreach.Campaigns.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Campaigns.Rendering;

namespace Outreach.Campaigns.Tests.Extensions;

/// <summary>One call wires the campaign language into an application.</summary>
public class CampaignsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOutreachCampaigns_registers_one_loader_and_one_renderer_for_the_whole_application_however_often_called()
    {
        var services = new ServiceCollection().AddOutreachCampaigns().AddOutreachCampaigns();

        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, s => s.ServiceType == typeof(CampaignLoader)).Lifetime);
        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, s => s.ServiceType == typeof(MessageRenderer)).Lifetime);
    }
}
