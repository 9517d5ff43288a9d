using Outreach.Campaigns.Tests.Support;

namespace Outreach.Campaigns.Tests;

/// <summary>Loading files and folders: every problem comes back as a diagnostic, nothing throws, ids are unique across files.</summary>
public sealed class CampaignLoaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("outreach-campaigns-").FullName;
    private readonly CampaignLoader loader = new();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Campaign(string id) => $"""
        id: {id}
        name: Campaign {id}
        schedule: "0 0 10 * * ?"
        variants:
          - name: only
            messages: {"{"} sms: Hi {"}"}
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_folder_loads_its_yaml_and_yml_files_in_name_order_and_ignores_other_files()
    {
        Write("b.yml", Campaign("second"));
        Write("a.yaml", Campaign("first"));
        Write("notes.md", "not a campaign");
        Directory.CreateDirectory(Path.Combine(folder, "drafts"));
        Write(Path.Combine("drafts", "c.yaml"), Campaign("draft"));

        var result = loader.LoadDirectory(folder);

        Assert.True(result.IsValid);
        Assert.Equal(["first", "second"], result.Campaigns.Select(c => c.Id));
        Assert.Equal(Path.Combine(folder, "a.yaml"), result.Campaigns[0].SourcePath);
    }

    [Fact]
    public void A_duplicate_id_is_rejected_at_the_second_file_naming_the_first()
    {
        Write("a.yaml", Campaign("renewal"));
        var second = Write("b.yaml", "# yaml-language-server: $schema=./schema.json\n" + Campaign("renewal"));

        var result = loader.LoadDirectory(folder);

        Assert.Equal(["renewal"], result.Campaigns.Select(c => c.SourcePath is { } p ? Path.GetFileNameWithoutExtension(p) == "a" ? c.Id : "wrong file" : ""));
        var problem = Assert.Single(result.Diagnostics);
        Assert.Equal($"{second}:2:5: The id 'renewal' is already used by a.yaml; every campaign needs its own id.", problem.ToString());
    }

    [Fact]
    public void An_invalid_file_is_reported_and_the_valid_ones_still_load()
    {
        Write("good.yaml", Campaign("good"));
        var bad = Write("bad.yaml", Campaign("bad").Replace("schedule:", "shedule:"));

        var result = loader.LoadDirectory(folder);

        Assert.Equal(["good"], result.Campaigns.Select(c => c.Id));
        Assert.Equal(bad, result.Diagnostics[0].File);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_missing_folder_or_file_is_a_diagnostic_not_an_exception()
    {
        var missingFolder = Path.Combine(folder, "nope");
        var missingFile = Path.Combine(folder, "nope.yaml");

        Assert.Equal($"{missingFolder}:1:1: There is no such folder.", Assert.Single(loader.LoadDirectory(missingFolder).Diagnostics).ToString());
        Assert.StartsWith($"{missingFile}:1:1: The file cannot be read:", Assert.Single(loader.LoadFile(missingFile).Diagnostics).ToString());
    }

    [Fact]
    public void A_loaded_file_remembers_where_it_came_from()
    {
        var path = Write("hello.yaml", Campaign("hello"));

        Assert.Equal(path, loader.LoadFile(path).Campaign?.SourcePath);
    }

    [Fact]
    public void Broken_YAML_is_reported_where_the_parser_stopped()
    {
        Assert.Equal(
            "test.yaml:2:1: This is not valid YAML: while parsing a flow sequence, did not find expected ',' or ']'. Check the indentation (spaces, not tabs), colons and quotes.",
            Yaml.Problem("tags: [a, b\n"));
        Assert.Equal("test.yaml:2:1: The key 'name' appears twice in the same block; keep one.", Yaml.Problem("name: a\nname: b\n"));
        Assert.Equal("test.yaml:1:1: This is not valid YAML. Check that every [ and { is closed, and the indentation, colons and quotes.", Yaml.Problem("id: x\nname: [1\nschedule: 3\n"));
    }

    [Fact]
    public void An_empty_file_a_list_and_two_documents_are_each_explained()
    {
        Assert.Equal("test.yaml:1:1: The file is empty; a campaign needs at least an id, a name, variants and a schedule or trigger.", Yaml.Problem("# just a comment\n"));
        Assert.StartsWith("test.yaml:1:1: A campaign file must be a block of settings (id, name,", Yaml.Problem("- id: x\n"));
        Assert.Equal("test.yaml:8:1: A file holds one campaign; move this one (after ---) into a file of its own.", Yaml.Problem(Campaign("one") + "\n---\n" + Campaign("two")));
    }

    [Fact]
    public void All_problems_of_a_file_are_reported_in_file_order()
    {
        var problems = Yaml.Load("""
            priority: 11
            id: Bad Id
            timezone: Nowhere/City
            """).Diagnostics;

        Assert.Equal([(1, 1), (1, 1), (1, 1), (1, 11), (2, 5), (3, 11)], problems.Select(d => (d.Line, d.Column)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("~")]
    [InlineData("id: [")]
    [InlineData("{a: 1, a: 2}")]
    [InlineData("? [a, b]\n: c")]
    [InlineData("id: &x [*x]")]
    [InlineData("variants: *nothing")]
    [InlineData("variants: [[], {}, ~, 1]")]
    [InlineData("audience: { any: [~, [], 1], exclude: [] }")]
    [InlineData("offer: { a: { b: 1 } }\nvariants: [{ messages: { sms: { body: [] }, email: [], call: 1 } }]")]
    [InlineData("\t- tab")]
    public void Garbage_never_throws_and_never_yields_a_campaign(string yaml)
    {
        var result = Yaml.Load(yaml);

        Assert.Null(result.Campaign);
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
    }
}
