using System.CommandLine;
using Outreach.Campaigns;
using Spectre.Console;

namespace Outreach.Cli.Commands;

/// <summary><c>outreach validate [paths]</c>: checks campaign files; prints <c>file:line:column: message</c> and fails on any error.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Campaign files or folders (default: campaigns)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("validate", "Check campaign files and report every problem with file:line:column") { paths };
        command.SetAction(parse => Run(parse.GetValue(paths) is { Length: > 0 } given ? given : ["campaigns"]));
        return command;
    }

    private static int Run(string[] paths)
    {
        var loader = new CampaignLoader();
        var campaigns = new List<string>();
        var diagnostics = new List<CampaignDiagnostic>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var set = loader.LoadDirectory(path);
                campaigns.AddRange(set.Campaigns.Select(c => c.Id));
                diagnostics.AddRange(set.Diagnostics);
            }
            else
            {
                var result = loader.LoadFile(path);
                if (result.Campaign is { } campaign) campaigns.Add(campaign.Id);
                diagnostics.AddRange(result.Diagnostics);
            }
        }

        foreach (var diagnostic in diagnostics) Console.Error.WriteLine(diagnostic);
        if (diagnostics.Count > 0)
        {
            var files = diagnostics.Select(d => d.File).Distinct().Count();
            Console.Error.WriteLine($"{diagnostics.Count} problem(s) in {files} file(s); {campaigns.Count} campaign(s) valid.");
            return 1;
        }
        AnsiConsole.MarkupLine($"[green]{campaigns.Count} campaign(s) valid:[/] {Markup.Escape(string.Join(", ", campaigns))}");
        return 0;
    }
}
