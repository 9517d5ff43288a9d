using System.Text.RegularExpressions;
using Outreach.Campaigns.Tests.Support;

namespace Outreach.Campaigns.Tests;

/// <summary>The examples in campaigns/README.md are real campaign text, so marketers can copy them.</summary>
public partial class ReadmeExamplesTests
{
    [GeneratedRegex("```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    private static readonly IReadOnlyList<string> Examples = YamlBlock()
        .Matches(File.ReadAllText(Path.Combine(RepoPaths.Campaigns, "README.md")).ReplaceLineEndings("\n"))
        .Select(m => m.Groups["yaml"].Value)
        .ToList();

    [Fact]
    public void The_first_campaign_example_is_a_valid_campaign()
    {
        var example = Assert.Single(Examples, e => e.Contains("\nid: "));

        Assert.Equal("spring-sale", Yaml.Valid(example).Id);
    }

    [Fact]
    public void Every_snippet_is_valid_inside_a_campaign()
    {
        const string campaign = """
            id: snippet
            name: Snippet
            offer: { coupon_amount: 20, min_spend: 99, coupon_code: X }

            """;
        var snippets = Examples.Where(e => !e.Contains("\nid: ")).ToList();
        var schedule = "schedule: \"0 0 10 * * ?\"\n";
        var variants = "variants:\n  - name: v\n    messages: { wechat: Hi, sms: Hi, call: Hi, email: { subject: Hi, body: Hi } }\n";

        Assert.NotEmpty(snippets);
        foreach (var snippet in snippets)
        {
            var top = snippet.Split('\n')[0].TrimEnd(':', ' ');
            var text = campaign + snippet
                + (top is "trigger" ? "" : schedule)
                + (top is "variants" ? "" : variants);
            if (top is "messages") text = campaign + schedule + "variants:\n  - name: v\n" + Indent(snippet, "    ");
            if (top is "offer") text = text.Replace("offer: { coupon_amount: 20, min_spend: 99, coupon_code: X }\n", "");
            Assert.Empty(Yaml.Problems(text));
        }
    }

    private static string Indent(string text, string by) => string.Join('\n', text.Split('\n').Select(line => line.Length > 0 ? by + line : line));
}
