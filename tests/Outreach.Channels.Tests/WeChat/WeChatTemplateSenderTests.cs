using Microsoft.Extensions.Time.Testing;
using Outreach.Channels.RateLimits;
using Outreach.Channels.WeChat;

namespace Outreach.Channels.Tests.WeChat;

public sealed class WeChatTemplateSenderTests
{
    [Fact]
    public async Task A_template_message_goes_out_with_the_token_the_client_msg_id_and_the_data()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);

        var result = await node.SendAsync("run-1/step-1/C42", body: "会员已到期");

        var send = Assert.Single(fake.Sends);
        Assert.Equal(new DeliveryResult.Sent("200228333"), result);
        Assert.Equal(fake.CurrentToken, send.Token);
        Assert.True(send.Token!.Length > 512);
        Assert.Equal(WeChatNode.OpenId, send["touser"]);
        Assert.Equal(WeChatNode.TemplateId, send["template_id"]);
        Assert.Equal(WeChatNode.Url, send["url"]);
        Assert.Equal(WeChatMessages.ClientMsgId("run-1/step-1/C42"), send["client_msg_id"]);
        Assert.Equal(64, send["client_msg_id"]!.Length);
        Assert.Equal("会员已到期", send.Data("thing1"));
        Assert.Equal("回复TD退订", send.Data("remark"));
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_message_naming_its_template_is_sent_with_that_template()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);

        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1", templateId: "tmpl-winback-7"));

        Assert.Equal("tmpl-winback-7", Assert.Single(fake.Sends)["template_id"]);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task The_token_is_fetched_once_for_many_sends()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);

        var results = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => node.SendAsync($"T{i}")));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Sent>(r));
        var fetch = Assert.Single(fake.TokenRequests);
        Assert.False(fetch.ForceRefresh);
        Assert.Equal(30, fake.Delivered.Count);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_rejected_token_is_renewed_with_force_refresh_and_the_send_tried_once_more()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        await node.SendAsync("T1");
        fake.ExpireCurrentToken();

        var result = await node.SendAsync("T2");

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal([false, true], fake.TokenRequests.Select(r => r.ForceRefresh));
        Assert.Equal([0, 42001, 0], fake.Sends.Select(s => s.ErrCode));
        Assert.Equal(fake.CurrentToken, fake.Sends.Last().Token);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task Token_expiry_mid_batch_across_twenty_concurrent_senders_on_two_nodes_is_refreshed_exactly_once()
    {
        var prefix = TestRedis.UniquePrefix("wechat-token");
        try
        {
            using var fake = new FakeWeChat { SendDelay = TimeSpan.FromMilliseconds(5) };
            using var nodeA = new WeChatNode(fake.BaseUrl, redisPrefix: prefix);
            using var nodeB = new WeChatNode(fake.BaseUrl, redisPrefix: prefix);
            fake.ExpireCurrentTokenAfter(30);

            var senders = Enumerable.Range(0, 20).Select(sender => Task.Run(async () =>
            {
                var node = sender % 2 == 0 ? nodeA : nodeB;
                var results = new List<DeliveryResult>();
                for (var i = 0; i < 5; i++) results.Add(await node.SendAsync($"touch-{sender}-{i}"));
                return results;
            }));
            var results = (await Task.WhenAll(senders)).SelectMany(r => r).ToList();

            Assert.All(results, r => Assert.IsType<DeliveryResult.Sent>(r));
            Assert.Equal(1, fake.ForceRefreshes);
            Assert.Equal(2, fake.TokenRequests.Count); // the first token, shared by both nodes, and the one refresh
            Assert.Contains(fake.Sends, s => s.ErrCode == 42001); // the expiry did hit the batch
            Assert.Equal(100, fake.Delivered.Count);
            Assert.Equal(0, fake.Duplicates);
            Assert.Equal(100, results.OfType<DeliveryResult.Sent>().Select(s => s.ProviderId).Distinct().Count());
            Assert.Empty(fake.Violations);
        }
        finally { await TestRedis.DeleteTokenKeysAsync(prefix); }
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires_and_only_then()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        using var fake = new FakeWeChat(time);
        using var node = new WeChatNode(fake.BaseUrl, time);
        await node.SendAsync("T1");
        var first = fake.CurrentToken;

        time.Advance(TimeSpan.FromHours(1));
        await node.SendAsync("T2");
        Assert.Single(fake.TokenRequests);

        time.Advance(FakeWeChat.TokenLifetime - TimeSpan.FromHours(1) - TimeSpan.FromMinutes(4)); // 4 minutes left, inside RefreshBefore
        await node.SendAsync("T3");

        Assert.Equal([false, false], fake.TokenRequests.Select(r => r.ForceRefresh));
        Assert.NotEqual(first, fake.CurrentToken);
        Assert.Equal([first, first, fake.CurrentToken], fake.Sends.Select(s => s.Token));
        Assert.All(fake.Sends, s => Assert.Equal(0, s.ErrCode));
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_failed_early_renewal_keeps_the_old_token_and_is_tried_again_only_after_a_pause()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        using var fake = new FakeWeChat(time);
        using var node = new WeChatNode(fake.BaseUrl, time);
        await node.SendAsync("T0");
        var first = fake.CurrentToken;
        time.Advance(FakeWeChat.TokenLifetime - TimeSpan.FromMinutes(4));
        fake.EnqueueTokenFailure(400);

        for (var i = 1; i <= 5; i++) Assert.IsType<DeliveryResult.Sent>(await node.SendAsync($"T{i}"));
        Assert.Equal(1, fake.FailedTokenRequests);
        Assert.All(fake.Sends, s => Assert.Equal(first, s.Token));

        time.Advance(TimeSpan.FromSeconds(11));
        await node.SendAsync("T6");

        Assert.Equal(2, fake.TokenRequests.Count);
        Assert.NotEqual(first, fake.Sends.Last().Token);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task Two_nodes_share_one_token_through_redis()
    {
        var prefix = TestRedis.UniquePrefix("wechat-shared");
        try
        {
            using var fake = new FakeWeChat();
            using var nodeA = new WeChatNode(fake.BaseUrl, redisPrefix: prefix);
            using var nodeB = new WeChatNode(fake.BaseUrl, redisPrefix: prefix);

            await nodeA.SendAsync("T1");
            await nodeB.SendAsync("T2");

            Assert.Single(fake.TokenRequests);
            Assert.Equal(fake.CurrentToken, fake.Sends.Last().Token);
            Assert.True(await TestRedis.Connection.GetDatabase().KeyExistsAsync(TestRedis.TokenKey(prefix)));
        }
        finally { await TestRedis.DeleteTokenKeysAsync(prefix); }
    }

    [Fact]
    public async Task Not_following_the_account_is_a_permanent_failure_that_keeps_the_contact_so_the_touch_falls_back()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(43004));

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await node.SendAsync("T1"));

        Assert.False(failure.Suppress);
        Assert.False(failure.OptedOut);
        Assert.Contains("43004", failure.Reason);
    }

    [Fact]
    public async Task A_customer_who_refused_the_account_is_opted_out()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(43101));

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await node.SendAsync("T1"));

        Assert.True(failure.Suppress);
        Assert.True(failure.OptedOut);
    }

    [Fact]
    public async Task An_invalid_openid_is_suppressed_but_not_an_opt_out()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(40003));

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await node.SendAsync("T1"));

        Assert.True(failure.Suppress);
        Assert.False(failure.OptedOut);
    }

    [Theory]
    [InlineData(40037)]
    [InlineData(47003)]
    public async Task A_template_or_argument_problem_is_permanent_without_touching_the_contact(int errcode)
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(errcode));

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await node.SendAsync("T1"));

        Assert.False(failure.Suppress);
        Assert.Contains(errcode.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Reason);
    }

    [Fact]
    public async Task The_daily_quota_defers_the_touch_until_the_next_day_in_china()
    {
        // 10:00 UTC is 18:00 in Beijing: WeChat's day starts over in six hours.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        using var fake = new FakeWeChat(time);
        using var node = new WeChatNode(fake.BaseUrl, time);
        fake.Enqueue(FakeWeChat.Reply.Errcode(45009));

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));

        Assert.Equal(TimeSpan.FromHours(6), failure.RetryAfter);
    }

    [Fact]
    public async Task The_per_minute_quota_retries_after_a_minute()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(45011));

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));

        Assert.Equal(TimeSpan.FromSeconds(60), failure.RetryAfter);
    }

    [Fact]
    public async Task A_busy_wechat_is_a_transient_failure()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(-1));

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));

        Assert.Null(failure.RetryAfter);
        Assert.Empty(fake.Delivered);
    }

    [Fact]
    public async Task A_server_error_is_transient_and_the_resend_carries_the_same_client_msg_id()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(new FakeWeChat.Reply(HttpStatus: 502));

        Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));
        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1"));

        Assert.Equal(2, fake.Sends.Count);
        Assert.Single(fake.Sends.Select(s => s["client_msg_id"]).Distinct());
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_transient()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl, settings: new Dictionary<string, string?> { ["Channels:WeChat:Timeout"] = "00:00:00.300" });
        await node.SendAsync("T0");
        fake.SendDelay = TimeSpan.FromSeconds(2);

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));

        Assert.Contains("no answer", failure.Reason);
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_a_transient_failure()
    {
        string baseUrl;
        using (var gone = new FakeWeChat()) baseUrl = gone.BaseUrl;
        using var node = new WeChatNode(baseUrl);

        Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));
    }

    [Fact]
    public void The_client_msg_id_is_the_same_for_a_touch_and_fits_64_characters()
    {
        var id = WeChatMessages.ClientMsgId("run-20261125/step-2/" + new string('C', 200));

        Assert.Equal(64, id.Length);
        Assert.Equal(id, WeChatMessages.ClientMsgId("run-20261125/step-2/" + new string('C', 200)));
        Assert.NotEqual(id, WeChatMessages.ClientMsgId("run-20261125/step-3/" + new string('C', 200)));
    }

    [Fact]
    public void With_an_app_id_wechat_goes_through_the_api_and_is_held_to_its_rate_limit()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl, settings: new Dictionary<string, string?> { ["Channels:RateLimits:wechat:PerSecond"] = "100" });

        Assert.IsType<WeChatTemplateSender>(Assert.IsType<RateLimitedSender>(node.Sender).Inner);
    }
}
