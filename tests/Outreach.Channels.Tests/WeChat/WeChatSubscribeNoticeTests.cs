using Outreach.Channels.WeChat;

namespace Outreach.Channels.Tests.WeChat;

public sealed class WeChatSubscribeNoticeTests
{
    private const string Body = "会员已到期，续费享新品试用";

    [Fact]
    public async Task A_message_naming_a_subscription_template_goes_out_as_a_notice_with_the_token_the_page_and_the_data()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Subscribe(WeChatNode.OpenId, WeChatNode.SubscribeTemplateId);

        var result = await node.SendAsync("run-1/step-1/C42", Body, templateId: WeChatNode.SubscribeTemplateId);

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Empty(fake.Sends);
        var notice = Assert.Single(fake.Notices);
        Assert.Equal(0, notice.ErrCode);
        Assert.Equal(fake.CurrentToken, notice.Token);
        Assert.Equal(WeChatNode.OpenId, notice["touser"]);
        Assert.Equal(WeChatNode.SubscribeTemplateId, notice["template_id"]);
        Assert.Equal(WeChatNode.Url, notice["page"]);
        Assert.Equal(Body, notice.Data("thing1"));
        Assert.Equal("会员续费", notice.Data("phrase2"));
        Assert.Null(notice.Data("remark")); // the template message's fixed fields are not the notice's
        Assert.Empty(fake.Violations);        // method, path, access_token alone in the query, the notice's fields only
    }

    [Fact]
    public async Task A_subscription_template_set_as_the_default_template_makes_every_touch_a_notice()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl, settings: new Dictionary<string, string?> { ["Channels:WeChat:TemplateId"] = WeChatNode.SubscribeTemplateId });
        fake.Subscribe(WeChatNode.OpenId, WeChatNode.SubscribeTemplateId);

        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1", Body));

        Assert.Equal(WeChatNode.SubscribeTemplateId, Assert.Single(fake.Notices)["template_id"]);
        Assert.Empty(fake.Sends);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_template_not_listed_as_a_subscription_template_stays_a_template_message()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);

        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1", Body, templateId: "tmpl-winback-7"));

        Assert.Equal("tmpl-winback-7", Assert.Single(fake.Sends)["template_id"]);
        Assert.Empty(fake.Notices);
    }

    [Fact]
    public async Task A_customer_without_a_subscription_is_unreachable_by_the_notice_so_the_touch_falls_back_but_is_not_opted_out()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await node.SendAsync("T1", Body, templateId: WeChatNode.SubscribeTemplateId));

        Assert.Contains("43101", failure.Reason);
        Assert.False(failure.Suppress);
        Assert.False(failure.OptedOut);
        Assert.Equal(43101, Assert.Single(fake.Notices).ErrCode);
    }

    [Fact]
    public async Task A_notice_is_sent_as_the_msgid_of_the_answer_which_its_sent_event_names_later()
    {
        using var fake = new FakeWeChat { AnswersNoticeMsgId = true };
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Subscribe(WeChatNode.OpenId, WeChatNode.SubscribeTemplateId, times: 2);

        var first = Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1", Body, templateId: WeChatNode.SubscribeTemplateId));
        var second = Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T2", Body, templateId: WeChatNode.SubscribeTemplateId));

        Assert.Equal([first.ProviderId, second.ProviderId], fake.Notices.Select(n => n.MsgId));
        Assert.NotEqual(first.ProviderId, second.ProviderId);
    }

    [Fact]
    public async Task A_one_time_subscription_carries_one_notice()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Subscribe(WeChatNode.OpenId, WeChatNode.SubscribeTemplateId, times: 1);

        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1", Body, templateId: WeChatNode.SubscribeTemplateId));
        var second = Assert.IsType<DeliveryResult.PermanentFailure>(await node.SendAsync("T2", Body, templateId: WeChatNode.SubscribeTemplateId));

        Assert.Contains("43101", second.Reason);
        Assert.Equal([0, 43101], fake.Notices.Select(n => n.ErrCode));
    }

    [Fact]
    public async Task A_body_too_long_for_a_thing_keyword_is_a_permanent_failure_that_says_why()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Subscribe(WeChatNode.OpenId, WeChatNode.SubscribeTemplateId);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(
            await node.SendAsync("T1", "您的会员已于昨日到期，现在续费即可免费试用本季全部新品", templateId: WeChatNode.SubscribeTemplateId));

        Assert.Contains("47003", failure.Reason);
        Assert.Contains("20 characters", failure.Reason);
        Assert.False(failure.Suppress);
    }

    [Theory]
    [InlineData(43004, false)] // not following the account: unreachable, the contact kept
    [InlineData(40003, true)]  // an invalid openid: suppressed
    public async Task Other_answers_mean_what_they_mean_for_a_template_message(int errcode, bool suppressed)
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(errcode));

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(await node.SendAsync("T1", Body, templateId: WeChatNode.SubscribeTemplateId));

        Assert.Contains(errcode.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Reason);
        Assert.Equal(suppressed, failure.Suppress);
        Assert.False(failure.OptedOut);
    }

    [Fact]
    public async Task A_rejected_token_is_renewed_with_force_refresh_and_the_notice_sent_once_more()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Subscribe(WeChatNode.OpenId, WeChatNode.SubscribeTemplateId);
        await node.SendAsync("T1", Body);
        fake.ExpireCurrentToken();

        var result = await node.SendAsync("T2", Body, templateId: WeChatNode.SubscribeTemplateId);

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal([false, true], fake.TokenRequests.Select(r => r.ForceRefresh));
        Assert.Equal([42001, 0], fake.Notices.Select(n => n.ErrCode));
        Assert.Equal(fake.CurrentToken, fake.Notices.Last().Token);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_busy_wechat_is_transient_for_a_notice_too()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.Enqueue(FakeWeChat.Reply.Errcode(-1));

        Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1", Body, templateId: WeChatNode.SubscribeTemplateId));
    }

    [Fact]
    public async Task A_mini_program_page_goes_with_both_kinds_of_message()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl, settings: new Dictionary<string, string?>
        {
            ["Channels:WeChat:MiniProgram:AppId"] = "wxminiprogram0001",
            ["Channels:WeChat:MiniProgram:PagePath"] = "pages/renew/index?from=wechat",
        });
        fake.Subscribe(WeChatNode.OpenId, WeChatNode.SubscribeTemplateId);

        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1", Body));
        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T2", Body, templateId: WeChatNode.SubscribeTemplateId));

        foreach (var sent in fake.Sends.Concat(fake.Notices))
        {
            var miniProgram = sent.Body.GetProperty("miniprogram");
            Assert.Equal("wxminiprogram0001", miniProgram.GetProperty("appid").GetString());
            Assert.Equal("pages/renew/index?from=wechat", miniProgram.GetProperty("pagepath").GetString());
        }
        Assert.Equal(2, fake.Sends.Count + fake.Notices.Count);
        Assert.Empty(fake.Violations);
    }
}
