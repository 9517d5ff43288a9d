using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Outreach.Channels.Email;

internal static class EmailRegistration
{
    /// <summary>Whether <c>Channels:Email:Host</c> is set, which moves email from the outbox to SMTP.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EmailOptions.SectionName + ":Host"]);

    /// <summary>The options (validated at start), the unsubscribe link signer and the SMTP sender.</summary>
    public static void AddEmailSender(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton(sp => new UnsubscribeLinks(sp.GetRequiredService<IOptions<EmailOptions>>().Value.UnsubscribeSecret!));
        services.AddLogging(); // no-op under a host; the sender logs with masked addresses
        services.AddSingleton<IChannelSender, EmailSender>();
    }
}
