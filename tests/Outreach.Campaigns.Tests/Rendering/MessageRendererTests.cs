using Outreach.Campaigns.Rendering;
using Outreach.Campaigns.Tests.Support;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;

namespace Outreach.Campaigns.Tests.Rendering;

/// <summary>Messages rendered for one customer: their values, the offer, the campaign; compiled once, never failing on a missing value.</summary>
public class MessageRendererTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private const string CampaignYaml = """
        id: renewal
        name: Renewal
        schedule: "0 0 10 * * ?"
        timezone: Asia/Shanghai
        offer: { coupon_amount: 20, coupon_code: SAVE20, rate: 0.15 }
        variants:
          - name: trial
            messages:
              sms: "{{ customer.name | default: '会员' }}您好，{{ customer.tier }}会员已到期{{ customer.days_since_expiry }}天，券{{ offer.coupon_amount }}元 {{ offer.coupon_code }}"
              email:
                subject: "{{ campaign.name }} for {{ customer.name }}"
                body: "Hi {{ customer.name }}, {{ offer.coupon_amount | times: 2 }} ({{ variant }}, {{ campaign.id }})"
                html: "<p>Hi {{ customer.name }}</p>"
              wechat: { template_id: TPL-1, body: "{% for tag in customer.tags %}{{ tag }};{% endfor %} {{ customer.purchase_count }}/{{ customer.total_spend }}/{{ customer.days_since_last_purchase }}/{{ customer.stage }}/{{ customer.pool }}/{{ customer.id }}" }
              call: { body: "您好 {{ customer.name }}", voice: Polly.Zhiyu, language: cmn-CN }
        """;

    private static CustomerProfile Profile(string id, string? name = "Li Lei", string? tier = "gold", DateTimeOffset? expiresAt = null, PurchaseStats? purchases = null, params string[] tags)
    {
        var customer = new Customer
        {
            Id = id,
            Name = name,
            MembershipTier = tier,
            MembershipStatus = MembershipStatus.Expired,
            MembershipExpiresAt = expiresAt,
            Tags = tags,
        };
        return new ProfileCalculator(new LifecycleOptions()).Derive(customer, purchases ?? PurchaseStats.None, Now);
    }

    private static (Campaign Campaign, CampaignVariant Variant) Load()
    {
        var campaign = Yaml.Valid(CampaignYaml);
        return (campaign, campaign.Variants[0]);
    }

    [Fact]
    public void Customer_and_offer_values_are_rendered_into_the_message()
    {
        var (campaign, variant) = Load();

        var sms = new MessageRenderer().Render(campaign, variant, Channel.Sms, Profile("c1", expiresAt: Now.AddDays(-12.5)));

        Assert.Equal("Li Lei您好，gold会员已到期12天，券20元 SAVE20", sms.Body);
        Assert.Equal(Channel.Sms, sms.Channel);
        Assert.Null(sms.Subject);
    }

    [Fact]
    public void An_email_gets_its_subject_text_and_html_and_only_the_html_escapes_customer_values()
    {
        var (campaign, variant) = Load();

        var email = new MessageRenderer().Render(campaign, variant, Channel.Email, Profile("c1", name: "Tom & <Jerry>"));

        Assert.Equal("Renewal for Tom & <Jerry>", email.Subject);
        Assert.Equal("Hi Tom & <Jerry>, 40 (trial, renewal)", email.Body);
        Assert.Equal("<p>Hi Tom &amp; &lt;Jerry&gt;</p>", email.Html);
    }

    [Fact]
    public void Profile_values_are_rendered_as_marketers_write_them()
    {
        var (campaign, variant) = Load();
        var purchases = new PurchaseStats(Now.AddDays(-300), Now.AddDays(-40.7), 3, 1234.50m);

        var wechat = new MessageRenderer().Render(campaign, variant, Channel.WeChat, Profile("c9", purchases: purchases, tags: ["vip", "newsletter"]));

        Assert.Equal("vip;newsletter; 3/1234.5/40/growth/active/c9", wechat.Body);
        Assert.Equal("TPL-1", wechat.TemplateId);
    }

    [Fact]
    public void A_call_carries_its_voice_and_language()
    {
        var (campaign, variant) = Load();

        var call = new MessageRenderer().Render(campaign, variant, Channel.Call, Profile("c1"));

        Assert.Equal(new RenderedMessage(Channel.Call, "您好 Li Lei", null, null, null, "Polly.Zhiyu", "cmn-CN"), call);
    }

    [Fact]
    public void Missing_customer_values_render_as_nothing_and_defaults_apply()
    {
        var (campaign, variant) = Load();

        var sms = new MessageRenderer().Render(campaign, variant, Channel.Sms, Profile("c2", name: null, tier: null, expiresAt: null));

        Assert.Equal("会员您好，会员已到期天，券20元 SAVE20", sms.Body);
    }

    [Fact]
    public void A_template_that_reads_values_the_model_does_not_have_renders_them_empty()
    {
        var campaign = new Campaign
        {
            Id = "built-in-code",
            Name = "Built in code",
            Variants = [new CampaignVariant("v", 100, [Channel.Sms], new Dictionary<Channel, MessageTemplate>
            {
                [Channel.Sms] = new() { Body = "[{{ nobody.knows }}][{{ offer.missing }}][{{ customer.nothing.deeper }}]" },
            })],
        };

        var sms = new MessageRenderer().Render(campaign, campaign.Variants[0], Channel.Sms, Profile("c3"));

        Assert.Equal("[][][]", sms.Body);
    }

    [Fact]
    public void Each_message_is_compiled_once_however_many_customers_it_is_rendered_for()
    {
        var (campaign, variant) = Load();
        var renderer = new MessageRenderer();

        var bodies = Enumerable.Range(0, 50).Select(i => renderer.Render(campaign, variant, Channel.Sms, Profile($"c{i}", name: $"N{i}")).Body).ToList();

        Assert.Equal(1, renderer.Compilations);
        Assert.Equal(50, bodies.Distinct().Count());
        renderer.Render(campaign, variant, Channel.Email, Profile("c1"));
        Assert.Equal(2, renderer.Compilations);
    }

    [Fact]
    public void Customers_of_one_campaign_each_get_their_own_values_beside_the_shared_offer()
    {
        var (campaign, variant) = Load();
        var renderer = new MessageRenderer();

        var first = renderer.Render(campaign, variant, Channel.Email, Profile("c1", name: "Li Lei", expiresAt: Now.AddDays(-3)));
        var second = renderer.Render(campaign, variant, Channel.Email, Profile("c2", name: "Han Meimei"));
        var firstSms = renderer.Render(campaign, variant, Channel.Sms, Profile("c1", name: "Li Lei", expiresAt: Now.AddDays(-3)));
        var secondSms = renderer.Render(campaign, variant, Channel.Sms, Profile("c2", name: "Han Meimei", tier: "silver", expiresAt: Now.AddDays(-40)));

        Assert.Equal(("Renewal for Li Lei", "Hi Li Lei, 40 (trial, renewal)"), (first.Subject, first.Body));
        Assert.Equal(("Renewal for Han Meimei", "Hi Han Meimei, 40 (trial, renewal)"), (second.Subject, second.Body));
        Assert.Equal("Li Lei您好，gold会员已到期3天，券20元 SAVE20", firstSms.Body);
        Assert.Equal("Han Meimei您好，silver会员已到期40天，券20元 SAVE20", secondSms.Body);
    }

    [Fact]
    public void A_date_written_without_an_offset_is_read_in_the_campaign_time_zone()
    {
        var campaign = Yaml.Valid(CampaignYaml.Replace("{{ campaign.name }} for", "{{ '2025-06-01 08:00' | date: '%H:%M %z' }} for"));

        var email = new MessageRenderer().Render(campaign, campaign.Variants[0], Channel.Email, Profile("c1"));

        Assert.Equal("08:00 +0800 for Li Lei", email.Subject); // Asia/Shanghai
    }

    [Fact]
    public void A_reloaded_campaign_gets_its_new_offer_and_name()
    {
        var renderer = new MessageRenderer();
        var (before, beforeVariant) = Load();
        renderer.Render(before, beforeVariant, Channel.Email, Profile("c1"));

        var edited = Yaml.Valid(CampaignYaml.Replace("coupon_amount: 20", "coupon_amount: 35").Replace("name: Renewal", "name: Renewal 2"));
        var email = renderer.Render(edited, edited.Variants[0], Channel.Email, Profile("c1"));

        Assert.Equal(("Renewal 2 for Li Lei", "Hi Li Lei, 70 (trial, renewal)"), (email.Subject, email.Body));
    }

    [Fact]
    public void A_reloaded_campaign_is_compiled_afresh_so_edits_show()
    {
        var renderer = new MessageRenderer();
        var (before, beforeVariant) = Load();
        renderer.Render(before, beforeVariant, Channel.Sms, Profile("c1"));

        var edited = Yaml.Valid(CampaignYaml.Replace("您好，", "你好！"));
        var sms = renderer.Render(edited, edited.Variants[0], Channel.Sms, Profile("c1"));

        Assert.StartsWith("Li Lei你好！", sms.Body);
        Assert.Equal(2, renderer.Compilations);
    }

    [Fact]
    public void Asking_for_a_channel_the_variant_has_no_message_for_is_a_bug_and_throws()
    {
        var campaign = Yaml.Valid("""
            id: hello
            name: Hello
            schedule: "0 0 10 * * ?"
            variants:
              - name: only
                messages: { sms: Hi }
            """);

        Assert.Throws<ArgumentException>(() => new MessageRenderer().Render(campaign, campaign.Variants[0], Channel.Email, Profile("c1")));
    }
}
