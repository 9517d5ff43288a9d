using Outreach.Campaigns.Tests.Support;
using Outreach.Core;
using Outreach.Core.Campaigns;

namespace Outreach.Campaigns.Tests.Reading;

/// <summary>Variants: weights, channel order, one Liquid message per channel, and templates that only use values that exist.</summary>
public class VariantReaderTests
{
    private static string WithVariants(string variantLines) => $$"""
        id: hello
        name: Hello
        schedule: "0 0 10 * * ?"
        offer: { coupon_code: SAVE20 }
        variants:
        {{variantLines}}
        """;

    [Fact]
    public void Messages_are_read_per_channel_and_text_alone_is_the_body()
    {
        var variant = Assert.Single(Yaml.Valid(WithVariants("""
              - name: full
                channels: [email, wechat, sms, call]
                messages:
                  sms: "Hi {{ customer.name }}"
                  wechat: { template_id: T1, body: "Hi" }
                  email: { subject: "For {{ customer.name }}", body: Text, html: "<p>Hi</p>" }
                  call: { body: Hello, voice: Polly.Zhiyu, language: cmn-CN }
            """)).Variants);

        Assert.Equal([Channel.Email, Channel.WeChat, Channel.Sms, Channel.Call], variant.Channels);
        Assert.Equal(new MessageTemplate { Body = "Hi {{ customer.name }}" }, variant.Messages[Channel.Sms]);
        Assert.Equal(new MessageTemplate { Body = "Hi", TemplateId = "T1" }, variant.Messages[Channel.WeChat]);
        Assert.Equal(new MessageTemplate { Body = "Text", Subject = "For {{ customer.name }}", Html = "<p>Hi</p>" }, variant.Messages[Channel.Email]);
        Assert.Equal(new MessageTemplate { Body = "Hello", Voice = "Polly.Zhiyu", Language = "cmn-CN" }, variant.Messages[Channel.Call]);
    }

    [Fact]
    public void Without_channels_a_variant_uses_its_messages_in_the_order_written()
    {
        var variant = Assert.Single(Yaml.Valid(WithVariants("""
              - name: only
                messages: { wechat: Hi, sms: Hi }
            """)).Variants);

        Assert.Equal([Channel.WeChat, Channel.Sms], variant.Channels);
    }

    [Fact]
    public void Variants_without_weights_split_the_audience_evenly()
    {
        var variants = Yaml.Valid(WithVariants("""
              - name: a
                messages: { sms: A }
              - name: b
                messages: { sms: B }
              - name: c
                messages: { sms: C }
            """)).Variants;

        Assert.All(variants, v => Assert.Equal(100.0 / 3, v.Weight, precision: 9));
    }

    [Fact]
    public void Weights_that_do_not_add_up_to_100_are_rejected_at_the_variants_key()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                weight: 60
                messages: { sms: A }
              - name: b
                weight: 30
                messages: { sms: B }
            """));

        Assert.Equal("test.yaml:5:1: The variant weights add up to 90, but they must add up to 100.", problem);
    }

    [Fact]
    public void A_variant_without_a_weight_among_weighted_ones_is_rejected()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                weight: 100
                messages: { sms: A }
              - name: b
                messages: { sms: B }
            """));

        Assert.Equal("test.yaml:9:5: Variant 'b' has no weight; give every variant a weight so they add up to 100, or leave all weights out to split evenly.", problem);
    }

    [Fact]
    public void An_unknown_channel_is_rejected_with_the_channel_it_probably_meant()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                channels: [wechta]
                messages: { wechat: Hi }
            """));

        Assert.Equal("test.yaml:7:16: 'wechta' is not a channel; use sms, call, email or wechat. Did you mean 'wechat'?", problem);
    }

    [Fact]
    public void An_unknown_channel_under_messages_is_rejected()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                messages: { fax: Hi }
            """));

        Assert.Equal("test.yaml:7:17: Unknown key 'fax' in messages; use one of sms, call, email, wechat.", problem);
    }

    [Fact]
    public void A_variant_without_a_message_for_one_of_its_channels_is_rejected_at_that_channel()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                channels: [wechat, sms]
                messages: { wechat: Hi }
            """));

        Assert.Equal("test.yaml:7:24: Variant 'a' sends on sms but has no sms message; add one under its messages.", problem);
    }

    [Fact]
    public void A_variant_without_name_or_messages_and_a_duplicate_name_are_rejected()
    {
        var problems = Yaml.Problems(WithVariants("""
              - weight: 50
                messages: { sms: A }
              - name: b
                weight: 25
              - name: b
                weight: 25
                messages: { sms: B }
            """));

        Assert.Equal(
        [
            "test.yaml:6:5: Every variant needs a name, such as plain or trial-offer.",
            "test.yaml:8:5: Variant 'b' needs messages: one for each channel it sends on.",
            "test.yaml:10:5: Another variant is already called 'b'; give each variant its own name.",
        ], problems);
    }

    [Fact]
    public void An_email_needs_a_subject_and_every_message_a_body()
    {
        var problems = Yaml.Problems(WithVariants("""
              - name: a
                messages:
                  email: Hello
                  wechat: { template_id: T1 }
            """));

        Assert.Equal(
        [
            "test.yaml:8:7: An email needs a subject, so write it as a block: subject: ... and body: ... under email.",
            "test.yaml:9:7: The wechat message needs a body: the text to send.",
        ], problems);
    }

    [Fact]
    public void A_Liquid_syntax_error_on_one_line_points_at_its_column()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                messages: { sms: "Hi {{ customer.name " }
            """));

        Assert.Equal("test.yaml:7:42: The sms message has a Liquid error: end of tag '}}' was expected. Check that every {{ has its }} and every {% if %} its {% endif %}.", problem);
    }

    [Fact]
    public void A_Liquid_syntax_error_in_a_block_of_text_points_into_the_file_where_Liquid_found_it()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                messages:
                  wechat:
                    body: |
                      Hello {{ customer.name }},
                      {% if customer.tier %}Dear {{ customer.tier }} member
                      your coupon is {{ offer.coupon_code }}
            """));

        // Liquid notices the missing endif at the end of the template: the end of line 12.
        Assert.Equal("test.yaml:12:49: The wechat body has a Liquid error: '{% endif %}' was expected. Check that every {{ has its }} and every {% if %} its {% endif %}.", problem);
    }

    [Fact]
    public void An_unknown_Liquid_tag_is_a_syntax_error_at_the_tag()
    {
        var problem = Yaml.Problem(WithVariants("""
              - name: a
                messages:
                  sms: |
                    Line one
                    {% iff customer.name %}x{% endif %}
            """));

        Assert.Equal("test.yaml:10:15: The sms message has a Liquid error: unknown tag 'iff'.", problem);
    }

    [Fact]
    public void A_misspelt_value_in_a_template_is_rejected_instead_of_rendering_as_nothing()
    {
        var problems = Yaml.Problems(WithVariants("""
              - name: a
                messages:
                  sms: "Hi {{ custmer.name }}"
                  wechat: "Hi {{ customer.nmae }}, code {{ offer.coupon_cod }}"
            """));

        Assert.Equal(
        [
            "test.yaml:8:19: The sms message uses {{ custmer.name }}, but 'custmer' is not something messages know. Did you mean 'customer'? Messages can use customer.*, offer.*, campaign.* and variant.",
            "test.yaml:9:22: The wechat message uses {{ customer.nmae }}, but customer has no 'nmae'. Did you mean 'name'? It has id, name, tier, tags, days_since_expiry, days_until_expiry, days_since_last_purchase, purchase_count, total_spend, stage, pool.",
            "test.yaml:9:48: The wechat message uses {{ offer.coupon_cod }}, but offer has no 'coupon_cod'. Did you mean 'coupon_code'? It has coupon_code.",
        ], problems);
    }

    [Fact]
    public void Values_a_template_defines_itself_are_not_mistaken_for_unknown_ones()
    {
        var campaign = Yaml.Valid(WithVariants("""
              - name: a
                messages:
                  sms: "{% assign who = customer.name | default: 'friend' %}{% for tag in customer.tags %}{{ tag }}{{ forloop.index }}{% endfor %}Hi {{ who }} {{ variant }} {{ campaign.name }}"
            """));

        Assert.Single(campaign.Variants);
    }
}
