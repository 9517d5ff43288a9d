using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Outreach.Channels;
using Outreach.Channels.Email;
using Outreach.Core;
using Outreach.Limits.Suppression;

namespace Outreach.Server.Tests.Webhooks;

public sealed class UnsubscribeTests
{
    private static readonly FormUrlEncodedContent OneClick = new([new("List-Unsubscribe", "One-Click")]);

    /// <summary>The link in <c>List-Unsubscribe</c> of the email the server's email channel makes for a touch of <paramref name="customer"/>.</summary>
    private static Uri LinkInEmail(WebhookServer server, string customer)
    {
        var services = server.Server.Services;
        var messages = new EmailMessages(services.GetRequiredService<IOptions<EmailOptions>>().Value, services.GetRequiredService<UnsubscribeLinks>(),
            TimeProvider.System);
        var email = messages.Create(new OutboundMessage($"winback/r1/0/{customer}", "winback", customer, Channel.Email, "ann@example.com", "Hello"),
            new MailboxAddress("Ann", "ann@example.com"));
        return new Uri(email.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>'));
    }

    /// <summary>The path and query of <paramref name="link"/>, which the test client sends to the server in memory.</summary>
    private static string Local(Uri link) => link.PathAndQuery;

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task The_link_in_every_email_is_this_servers_unsubscribe_route(Store store)
    {
        await using var server = await WebhookServer.StartAsync(store);

        var link = LinkInEmail(server, "c1");

        Assert.Equal(WebhookServer.PublicBaseUrl + "/unsubscribe", link.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task A_one_click_post_suppresses_the_customer_on_email_at_once_and_again_without_harm()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();
        var link = Local(LinkInEmail(server, "c1"));

        var first = await client.PostAsync(link, OneClick);
        var again = await client.PostAsync(link, OneClick);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(Suppression.OfCustomer(Channel.Email, "c1", SuppressionReason.OptOut),
            await server.Suppressions.FindAsync(Channel.Email, "c1", "ann@example.com"));
        Assert.Null(await server.Suppressions.FindAsync(Channel.Sms, "c1", null));
        Assert.Null(await server.Suppressions.FindAsync(Channel.Email, "c2", null));
    }

    [Fact]
    public async Task Opening_the_link_only_shows_a_page_whose_button_posts_one_click()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();
        var link = LinkInEmail(server, "c1");

        var page = await client.GetAsync(Local(link));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"" + link.Query + "\">", html);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", html);
        Assert.Null(await server.Suppressions.FindAsync(Channel.Email, "c1", null));

        // What the browser does with the button: post the form to the action, relative to the page.
        var submitted = await client.PostAsync(link.AbsolutePath + link.Query, OneClick);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.NotNull(await server.Suppressions.FindAsync(Channel.Email, "c1", null));
    }

    [Fact]
    public async Task A_forged_or_edited_token_is_refused_and_suppresses_nobody()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();
        var forged = new UnsubscribeLinks(new string('x', 40)).UrlFor("/unsubscribe", "c2", Channel.Email, "winback/r1/0/c2");
        var valid = Local(LinkInEmail(server, "c1"));
        var edited = valid[..^3] + (valid.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");

        foreach (var link in new[] { forged, edited, "/unsubscribe?token=u1.garbage" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(link, OneClick)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(link)).StatusCode);
        }
        Assert.Null(await server.Suppressions.FindAsync(Channel.Email, "c1", null));
        Assert.Null(await server.Suppressions.FindAsync(Channel.Email, "c2", null));
    }

    [Fact]
    public async Task A_request_without_token_or_without_the_one_click_body_is_a_bad_request()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();
        var link = Local(LinkInEmail(server, "c1"));

        var noToken = await client.PostAsync("/unsubscribe", OneClick);
        var noBody = await client.PostAsync(link, new FormUrlEncodedContent([]));
        var wrongBody = await client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "Yes")]));
        var pageWithoutToken = await client.GetAsync("/unsubscribe");

        Assert.All(new[] { noToken, noBody, wrongBody, pageWithoutToken }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("List-Unsubscribe=One-Click", await wrongBody.Content.ReadAsStringAsync());
        Assert.Null(await server.Suppressions.FindAsync(Channel.Email, "c1", null));
    }
}
