namespace Outreach.Server.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    private static async Task<string> StartFailureAsync(IDictionary<string, string?> settings)
    {
        var failure = await Record.ExceptionAsync(async () => await (await WebhookServer.StartAsync(Store.Sqlite, settings)).DisposeAsync());
        Assert.NotNull(failure);
        return failure.ToString();
    }

    [Fact]
    public async Task A_status_callback_url_that_is_not_this_servers_route_stops_the_start_naming_both_settings()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Channels:Twilio:StatusCallbackUrl"] = "https://outreach.example.com/twilio/callback",
        });

        Assert.Contains("Channels:Twilio:StatusCallbackUrl is 'https://outreach.example.com/twilio/callback'", error);
        Assert.Contains("'https://outreach.example.com/webhooks/twilio/status' (from Webhooks:PublicBaseUrl)", error);
    }

    [Fact]
    public async Task An_unsubscribe_base_url_on_another_host_stops_the_start()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Channels:Email:UnsubscribeBaseUrl"] = "https://mail.example.com/unsubscribe",
        });

        Assert.Contains("Channels:Email:UnsubscribeBaseUrl is 'https://mail.example.com/unsubscribe'", error);
    }

    [Fact]
    public async Task A_public_base_url_that_is_not_an_absolute_url_stops_the_start()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Webhooks:PublicBaseUrl"] = "outreach.example.com" });

        Assert.Contains("Webhooks:PublicBaseUrl must be an absolute http(s) URL without a query (it is 'outreach.example.com')", error);
    }
}
