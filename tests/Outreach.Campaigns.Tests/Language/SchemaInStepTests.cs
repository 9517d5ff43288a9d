using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Outreach.Campaigns.Language;
using Outreach.Campaigns.Tests.Support;

namespace Outreach.Campaigns.Tests.Language;

/// <summary>campaigns/schema.json, which editors use to complete and check campaign files, says what the loader accepts.</summary>
public class SchemaInStepTests
{
    private static readonly string SchemaText = File.ReadAllText(RepoPaths.Schema);
    private static readonly JsonObject SchemaJson = JsonNode.Parse(SchemaText)!.AsObject();
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    /// <summary>A campaign that uses every key of the language at least once.</summary>
    private const string EveryKey = """
        id: every-key
        name: Every key
        description: Uses every key
        category: marketing
        tags: [a]
        timezone: Asia/Shanghai
        priority: 7
        trigger: { event: membership_expired, delay: 1d }
        audience:
          membership: { status: [expired], tier: [gold], days_since_expiry: { min: 0, max: 30 }, days_until_expiry: { max: 0 } }
          days_since_last_purchase: { min: 30 }
          cycles_since_last_purchase: { min: 1 }
          rfm: { recency: { max: 2 }, frequency: { min: 2 }, monetary: { min: 3 } }
          lifecycle_stage: [dormancy]
          pool: [warning]
          total_spend: { min: 100 }
          purchase_count: { min: 2 }
          tags: { any: [vip], all: [verified] }
          consent: [sms]
          any: [{ pool: [churned] }, { pool: [warning] }]
          exclude: { tags: { any: [complained] } }
        holdout: 10
        offer: { coupon_amount: 20, code: SAVE, active: true }
        variants:
          - name: a
            weight: 100
            channels: [wechat, sms, email, call]
            messages:
              sms: "Hi {{ customer.name }}"
              wechat: { template_id: T, body: Hi }
              email: { subject: Hi, body: Hi, html: <p>Hi</p> }
              call: { body: Hi, voice: Polly.Zhiyu, language: cmn-CN }
        steps:
          - name: first
            wait: 0d
            channels: [wechat]
            only: { pool: [warning] }
        when_blocked: { capped: defer, quiet_hours: drop, expires_after: 2d }
        goal: { event: purchase, window: 14d, exit_on_goal: true }
        stop_rule: { after_touches: 100, min_roi: 1.0 }
        """;

    [Fact]
    public void The_keys_the_loader_accepts_are_the_properties_the_schema_describes_block_by_block()
    {
        var mismatches = new List<string>();
        Compare(CampaignLanguage.Campaign, SchemaJson, "campaign", mismatches, []);

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("category")]
    [InlineData("membershipStatus")]
    [InlineData("lifecycleStage")]
    [InlineData("pool")]
    [InlineData("blockedAction")]
    public void The_words_the_loader_accepts_are_the_schema_enums(string definition)
    {
        var loaderWords = definition switch
        {
            "channel" => CampaignLanguage.Channels.Keys,
            "category" => CampaignLanguage.Categories.Keys,
            "membershipStatus" => CampaignLanguage.MembershipStatuses.Keys,
            "lifecycleStage" => CampaignLanguage.LifecycleStages.Keys,
            "pool" => CampaignLanguage.Pools.Keys,
            _ => CampaignLanguage.BlockedActions.Keys,
        };

        var schemaWords = SchemaJson["$defs"]![definition]!["enum"]!.AsArray().Select(w => w!.GetValue<string>());

        Assert.Equal(loaderWords.Order(), schemaWords.Order());
    }

    [Fact]
    public void The_shipped_campaigns_validate_against_the_schema()
    {
        var files = Directory.GetFiles(RepoPaths.Campaigns, "*.yaml");

        Assert.Equal(3, files.Length);
        Assert.All(files, file => AssertValid(File.ReadAllText(file)));
    }

    [Fact]
    public void A_campaign_using_every_key_is_valid_for_both_the_loader_and_the_schema()
    {
        Yaml.Valid(EveryKey);
        AssertValid(EveryKey);
    }

    [Theory]
    [InlineData("trigger: { event: membership_expired, delay: 1d }", "shedule: \"0 0 10 * * ?\"")]
    [InlineData("priority: 7", "priority: 11")]
    [InlineData("channels: [wechat, sms, email, call]", "channels: [wechat, fax]")]
    [InlineData("delay: 1d", "delay: 3")]
    [InlineData("holdout: 10", "holdout: 60")]
    [InlineData("id: every-key", "id: Every_Key")]
    [InlineData("email: { subject: Hi, body: Hi, html: <p>Hi</p> }", "email: { body: Hi }")]
    public void What_the_loader_rejects_the_schema_flags_too(string original, string replacement)
    {
        Assert.Contains(original, EveryKey);
        var broken = EveryKey.Replace(original, replacement);

        Assert.NotEmpty(Yaml.Load(broken).Diagnostics);
        Assert.False(Evaluate(broken).IsValid, $"The schema accepts:\n{broken}");
    }

    private static EvaluationResults Evaluate(string yaml) =>
        Schema.Evaluate(JsonSerializer.SerializeToElement(YamlJson.Convert(yaml)), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static void AssertValid(string yaml)
    {
        var result = Evaluate(yaml);
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join('\n', errors));
    }

    // Walks the loader's shapes and the schema together: same keys in every block, and a block in one is a block in the other.
    private static void Compare(MappingShape shape, JsonObject schema, string path, List<string> mismatches, HashSet<(MappingShape, JsonObject)> seen)
    {
        if (!seen.Add((shape, schema))) return;
        if (shape.AcceptsAnyKey)
        {
            if (schema["properties"] is not null || schema["additionalProperties"] is JsonValue { } closed && !closed.GetValue<bool>())
                mismatches.Add($"{path}: the loader accepts any key, the schema does not");
            return;
        }

        var properties = schema["properties"]?.AsObject() ?? [];
        var schemaKeys = properties.Select(p => p.Key).Order().ToList();
        if (!shape.Keys.Order().SequenceEqual(schemaKeys))
            mismatches.Add($"{path}: loader [{string.Join(", ", shape.Keys.Order())}] but schema [{string.Join(", ", schemaKeys)}]");
        if (schema["additionalProperties"]?.GetValue<bool>() != false)
            mismatches.Add($"{path}: the schema allows keys the loader rejects (additionalProperties is not false)");

        foreach (var (key, property) in properties)
        {
            var block = Block(property!);
            if (shape.Nested.TryGetValue(key, out var nested))
            {
                if (block is null) mismatches.Add($"{path}.{key}: a block for the loader, not for the schema");
                else Compare(nested, block, $"{path}.{key}", mismatches, seen);
            }
            else if (block is not null)
                mismatches.Add($"{path}.{key}: a block for the schema, not for the loader");
        }
    }

    // The object schema a property holds, through $ref, list items and one-of alternatives; null for a plain value.
    private static JsonObject? Block(JsonNode node)
    {
        var schema = node.AsObject();
        if (schema["$ref"] is { } reference) return Block(SchemaJson["$defs"]![reference.GetValue<string>().Replace("#/$defs/", "")]!);
        if (schema["items"] is { } items) return Block(items);
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives && schema["properties"] is null)
            return alternatives.Select(a => Block(a!)).FirstOrDefault(b => b is not null);
        return schema["properties"] is not null || schema["type"]?.GetValue<string>() == "object" ? schema : null;
    }
}
