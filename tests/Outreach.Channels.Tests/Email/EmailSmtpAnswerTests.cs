using Outreach.Channels.Tests.Email.Support;

namespace Outreach.Channels.Tests.Email;

/// <summary>How SMTP answers the test sink cannot give (rejections, drops, silence) come back from a send.</summary>
public sealed class EmailSmtpAnswerTests
{
    private static Task<DeliveryResult> SendAsync(IChannelSender sender) =>
        sender.SendAsync(EmailSenders.Touch(TestSmtp.NewTouchId()), CancellationToken.None);

    [Theory]
    [InlineData("550 5.1.1 The email account that you tried to reach does not exist")]
    [InlineData("553 5.1.3 mailbox name not allowed")]
    [InlineData("551 5.1.6 user not local")]
    public async Task A_recipient_mailbox_the_server_refuses_is_a_permanent_failure_that_suppresses_the_address(string reply)
    {
        await using var server = new ScriptedSmtpServer();
        server.RecipientReplies.Enqueue(reply);
        await using var sender = EmailSenders.To(server);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await SendAsync(sender));

        Assert.True(failure.Suppress);
        Assert.Contains(reply[..3], failure.Reason);
        Assert.Equal(0, server.Delivered);
    }

    [Theory]
    [InlineData("550 5.7.1 Service unavailable; client host blocked using Spamhaus")]
    [InlineData("554 5.7.1 relay access denied")]
    public async Task A_recipient_refused_for_policy_is_permanent_but_keeps_the_address(string reply)
    {
        await using var server = new ScriptedSmtpServer();
        server.RecipientReplies.Enqueue(reply);
        await using var sender = EmailSenders.To(server);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await SendAsync(sender));

        Assert.False(failure.Suppress);
    }

    [Fact]
    public async Task Content_the_server_rejects_is_a_permanent_failure_that_keeps_the_address()
    {
        await using var server = new ScriptedSmtpServer { DataReply = "554 5.6.0 message content rejected" };
        await using var sender = EmailSenders.To(server);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await SendAsync(sender));

        Assert.False(failure.Suppress);
        Assert.Contains("554", failure.Reason);
    }

    [Theory]
    [InlineData("450 4.2.1 mailbox busy")]
    [InlineData("451 4.3.0 local error, try again")]
    [InlineData("452 4.2.2 mailbox full")]
    public async Task A_temporary_refusal_is_retried_later_and_the_connection_serves_the_next_message(string reply)
    {
        await using var server = new ScriptedSmtpServer();
        server.RecipientReplies.Enqueue(reply);
        await using var sender = EmailSenders.To(server);

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await SendAsync(sender));
        var next = await SendAsync(sender);

        Assert.Contains(reply[..3], failure.Reason);
        Assert.IsType<DeliveryResult.Sent>(next);
        Assert.Equal((1, 1), (server.Connections, server.Delivered));
    }

    [Fact]
    public async Task A_server_closing_with_421_is_retried_later_over_a_new_connection()
    {
        await using var server = new ScriptedSmtpServer();
        server.RecipientReplies.Enqueue("421 4.7.0 too many messages, closing connection");
        await using var sender = EmailSenders.To(server);

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await SendAsync(sender));
        var next = await SendAsync(sender);

        Assert.Contains("421", failure.Reason);
        Assert.IsType<DeliveryResult.Sent>(next);
        Assert.Equal((2, 1), (server.Connections, server.Delivered));
    }

    [Fact]
    public async Task A_connection_the_server_dropped_while_idle_is_replaced_without_failing_the_send()
    {
        await using var server = new ScriptedSmtpServer { DropAfterEachMessage = true };
        await using var sender = EmailSenders.To(server);

        var results = new List<DeliveryResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await SendAsync(sender));
            await Task.Delay(50); // lets the close reach the client
        }

        Assert.All(results, result => Assert.IsType<DeliveryResult.Sent>(result));
        Assert.Equal((3, 3), (server.Connections, server.Delivered));
    }

    [Fact]
    public async Task Concurrent_sends_share_at_most_max_connections()
    {
        await using var server = new ScriptedSmtpServer { DataDelay = TimeSpan.FromMilliseconds(100) };
        await using var sender = EmailSenders.To(server, options => options.MaxConnections = 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(sender)));

        Assert.All(results, result => Assert.IsType<DeliveryResult.Sent>(result));
        Assert.Equal(8, server.Delivered);
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, server.MostConnectionsAtOnce);
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_transient_failure()
    {
        await using var sender = EmailSenders.Create(EmailSenders.Options("127.0.0.1", ScriptedSmtpServer.ClosedPort()));

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await SendAsync(sender));

        Assert.Contains("not reachable", failure.Reason);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_transient_failure_after_the_timeout()
    {
        await using var server = new ScriptedSmtpServer { Silent = true };
        await using var sender = EmailSenders.To(server, options => options.Timeout = TimeSpan.FromMilliseconds(300));

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await SendAsync(sender));

        Assert.Contains("in time", failure.Reason);
    }

    [Fact]
    public async Task A_refused_login_is_a_transient_failure_blaming_the_configuration_not_the_customer()
    {
        await using var server = new ScriptedSmtpServer { AuthReply = "535 5.7.8 authentication credentials invalid" };
        await using var sender = EmailSenders.To(server, options => (options.Username, options.Password) = ("outreach", "wrong"));

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await SendAsync(sender));

        Assert.Contains("Channels:Email:Username", failure.Reason);
        Assert.DoesNotContain("wrong", failure.Reason);
        Assert.Equal(0, server.Delivered);
    }

    [Fact]
    public async Task An_accepted_login_is_used_when_the_server_offers_auth()
    {
        await using var server = new ScriptedSmtpServer { AuthReply = "235 2.7.0 authenticated" };
        await using var sender = EmailSenders.To(server, options => (options.Username, options.Password) = ("outreach", "right"));

        Assert.IsType<DeliveryResult.Sent>(await SendAsync(sender));
    }

    [Fact]
    public async Task Start_tls_that_the_server_does_not_offer_is_not_silently_skipped()
    {
        await using var server = new ScriptedSmtpServer();
        await using var sender = EmailSenders.To(server, options => options.Security = Outreach.Channels.Email.EmailSecurity.StartTls);

        Assert.IsType<DeliveryResult.TransientFailure>(await SendAsync(sender));
        Assert.Equal(0, server.Delivered);
    }

    [Fact]
    public async Task A_send_the_caller_cancels_throws_rather_than_report_a_provider_answer()
    {
        await using var server = new ScriptedSmtpServer { Silent = true };
        await using var sender = EmailSenders.To(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(EmailSenders.Touch(TestSmtp.NewTouchId()), cancel.Token));
    }

    [Fact]
    public async Task Logs_never_show_a_whole_address()
    {
        await using var server = new ScriptedSmtpServer();
        server.RecipientReplies.Enqueue("550 5.1.1 <zhang.wei@example.com>: no such user");
        var logger = new RecordingLogger<Outreach.Channels.Email.EmailSender>();
        await using var sender = EmailSenders.Create(EmailSenders.Options("127.0.0.1", server.Port), logger);

        await sender.SendAsync(EmailSenders.Touch(TestSmtp.NewTouchId(), "zhang.wei@example.com"), CancellationToken.None);
        await sender.SendAsync(EmailSenders.Touch(TestSmtp.NewTouchId(), "zhang.wei@example.com"), CancellationToken.None);
        await sender.SendAsync(EmailSenders.Touch(TestSmtp.NewTouchId(), "zhang.wei@example"), CancellationToken.None);

        Assert.Equal(3, logger.Lines.Count(line => line.Contains("z***@example")));
        Assert.DoesNotContain(logger.Lines, line => line.Contains("zhang.wei"));
    }
}
