using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Outreach.Channels.Email;
using Outreach.Core;

namespace Outreach.Channels.Tests.Email.Support;

/// <summary>Email senders and touches for the tests.</summary>
public static class EmailSenders
{
    public const string From = "news@shop.example.com";
    public const string UnsubscribeBaseUrl = "https://outreach.example.com/unsubscribe";
    public const string Secret = "test-unsubscribe-secret-0123456789abcdef";

    public static EmailOptions Options(string host, int port, Action<EmailOptions>? change = null)
    {
        var options = new EmailOptions
        {
            Host = host,
            Port = port,
            Security = EmailSecurity.None,
            From = From,
            FromName = "悦享会员中心",
            UnsubscribeBaseUrl = UnsubscribeBaseUrl,
            UnsubscribeSecret = Secret,
            Timeout = TimeSpan.FromSeconds(5),
        };
        change?.Invoke(options);
        return options;
    }

    public static EmailSender Create(EmailOptions options, ILogger<EmailSender>? logger = null) => new(
        Microsoft.Extensions.Options.Options.Create(options), new UnsubscribeLinks(options.UnsubscribeSecret!), TimeProvider.System,
        logger ?? NullLogger<EmailSender>.Instance);

    public static EmailSender ToTestSink(Action<EmailOptions>? change = null)
    {
        TestSmtp.EnsureRunning();
        return Create(Options(TestSmtp.Host, TestSmtp.Port, change));
    }

    public static EmailSender To(ScriptedSmtpServer server, Action<EmailOptions>? change = null) =>
        Create(Options("127.0.0.1", server.Port, change));

    public static OutboundMessage Touch(string touchId, string address = "zhang.wei@example.com", string? html = null) =>
        new(touchId, "renewal-reminder", "C-" + touchId, Channel.Email, address, "您的会员已到期，续费即享新品免费试用。")
        {
            Subject = "会员续费提醒",
            Html = html,
        };
}
