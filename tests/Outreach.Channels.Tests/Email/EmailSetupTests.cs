using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Channels.Email;
using Outreach.Channels.Outbox;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Tests.Email.Support;
using Outreach.Channels.Tests.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.Email;

public sealed class EmailSetupTests
{
    private static Dictionary<string, string?> Settings(string host, int port) => new()
    {
        ["Channels:Email:Host"] = host,
        ["Channels:Email:Port"] = port.ToString(),
        ["Channels:Email:Security"] = "None",
        ["Channels:Email:From"] = EmailSenders.From,
        ["Channels:Email:UnsubscribeBaseUrl"] = EmailSenders.UnsubscribeBaseUrl,
        ["Channels:Email:UnsubscribeSecret"] = EmailSenders.Secret,
        ["Channels:RateLimits:email:PerSecond"] = "100",
    };

    [Fact]
    public async Task With_a_host_email_goes_over_smtp_behind_its_rate_limit_and_arrives()
    {
        TestSmtp.EnsureRunning();
        using var folder = new TempFolder();
        await using var services = Services.Channels(folder, Settings(TestSmtp.Host, TestSmtp.Port));
        Assert.True(services.GetRequiredService<ChannelSenders>().TryGet(Channel.Email, out var email));
        Assert.IsType<EmailSender>(Assert.IsType<RateLimitedSender>(email).Inner);

        var touchId = TestSmtp.NewTouchId();
        var sent = Assert.IsType<DeliveryResult.Sent>(await email.SendAsync(EmailSenders.Touch(touchId), CancellationToken.None));

        await TestSmtp.ReceivedAsync(sent.ProviderId);
        Assert.NotNull(services.GetRequiredService<UnsubscribeLinks>());
    }

    [Fact]
    public void Without_a_host_email_stays_on_the_outbox()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder);

        Assert.True(services.GetRequiredService<ChannelSenders>().TryGet(Channel.Email, out var email));
        Assert.IsType<OutboxSender>(email);
    }

    [Fact]
    public void A_host_without_the_rest_names_every_missing_key()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?>
        {
            ["Channels:Email:Host"] = "smtp.example.com",
            ["Channels:Email:Username"] = "outreach",
            ["Channels:Email:UnsubscribeBaseUrl"] = "http://outreach.example.com/unsubscribe",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains("Channels:Email:From is required when Channels:Email:Host is set.", error.Failures);
        Assert.Contains(error.Failures, failure => failure.StartsWith("Channels:Email:Username and Channels:Email:Password go together"));
        Assert.Contains(error.Failures, failure => failure.StartsWith("Channels:Email:UnsubscribeBaseUrl must be an absolute https URL"));
        Assert.Contains(error.Failures, failure => failure.StartsWith("Channels:Email:UnsubscribeSecret is required"));
    }

    [Fact]
    public void The_shipped_config_documents_email_without_secrets_and_keeps_it_on_the_outbox()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFiles.Path("config/channels.json")).Build();
        var section = configuration.GetSection(EmailOptions.SectionName);
        Assert.True(section.Exists());
        Assert.True(string.IsNullOrEmpty(section["Host"]));
        Assert.True(string.IsNullOrEmpty(section["Password"]));
        Assert.True(string.IsNullOrEmpty(section["UnsubscribeSecret"]));
        var options = section.Get<EmailOptions>()!;
        Assert.Equal((587, EmailSecurity.StartTls), (options.Port, options.Security));

        using var services = new ServiceCollection().AddOutreachChannelsFrom(configuration);
        Assert.True(services.GetRequiredService<ChannelSenders>().TryGet(Channel.Email, out var email));
        Assert.IsType<OutboxSender>(Assert.IsType<RateLimitedSender>(email).Inner);
    }

    [Fact]
    public void The_shipped_config_with_a_host_and_secrets_from_the_environment_validates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFiles.Path("config/channels.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Channels:Email:Host"] = "smtp.example.com",
                ["Channels:Email:From"] = EmailSenders.From,
                ["Channels:Email:UnsubscribeBaseUrl"] = EmailSenders.UnsubscribeBaseUrl,
                ["Channels:Email:UnsubscribeSecret"] = EmailSenders.Secret,
            }).Build();

        using var services = new ServiceCollection().AddOutreachChannelsFrom(configuration);

        Assert.Empty(services.GetRequiredService<IOptions<EmailOptions>>().Value.Validate());
        Assert.True(services.GetRequiredService<ChannelSenders>().TryGet(Channel.Email, out var email));
        Assert.IsType<EmailSender>(Assert.IsType<RateLimitedSender>(email).Inner);
    }
}

file static class ChannelsFromConfiguration
{
    public static ServiceProvider AddOutreachChannelsFrom(this IServiceCollection services, IConfiguration configuration) =>
        Outreach.Channels.Extensions.ChannelsServiceCollectionExtensions.AddOutreachChannels(services, configuration).BuildServiceProvider();
}
