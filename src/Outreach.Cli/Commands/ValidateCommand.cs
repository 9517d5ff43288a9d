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
        // Folders and files together are one set (campaigns/*.yaml from a shell is the same as campaigns), each file once,
        // so an id used twice is reported wherever the two files were named.
        var named = paths.SelectMany(path => Directory.Exists(path) ? CampaignLoader.CampaignFilesIn(path) : [path])
            .DistinctBy(Path.GetFullPath);
        var set = new CampaignLoader().LoadFiles(named);
        var campaigns = set.Campaigns.Select(c => c.Id).ToList();
        var diagnostics = set.Diagnostics;

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
