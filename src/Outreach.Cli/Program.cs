using System.CommandLine;
using Microsoft.Extensions.Options;
using Outreach.Cli.Commands;
using Outreach.Limits.InProcess;
using Spectre.Console;

var outreach = new RootCommand("Outreach: outbound touches that keep customers without harassing them.")
{
    CommonOptions.Config,
    ValidateCommand.Create(),
    PreviewCommand.Create(),
    PlanCommand.Create(),
    ImportCommand.Create(),
    SimulateCommand.Create(),
    DemoCommand.Create(),
    RunCommand.Create(),
    RunsCommand.Create(),
    ResultsCommand.Create(),
    StartCommand.Create(),
    ApiKeyCommand.Create(),
};

// Piped into a file or another program, tables keep their rows whole (a run id split over lines cannot be copied):
// as wide as COLUMNS says, or wide enough for every table the commands print.
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 200;

// Nothing asked: the list of commands.
var parsed = outreach.Parse(args.Length == 0 ? ["--help"] : args);
if (parsed.Errors.Count > 0)
{
    // A mistake in the command line itself: named, with where to look; 2 is the usage error, apart from a command's own 1.
    foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine($"See '{CommandPath(parsed.CommandResult)} --help'.");
    return 2;
}

try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM: every command leaves its work resumable; 130 is the shell's code for an interrupted command.
    Console.Error.WriteLine("Stopped.");
    return 130;
}
catch (LimiterJournalInUseException e)
{
    // An engine or server already keeps the embedded caps in this folder; 75 is EX_TEMPFAIL (try again when it stops).
    Console.Error.WriteLine(e.Message);
    return 75;
}
catch (OptionsValidationException e)
{
    // A mistake in config/ or the environment: name each one, no stack trace; 78 is EX_CONFIG.
    foreach (var failure in e.Failures) Console.Error.WriteLine($"Configuration problem: {failure}");
    return 78;
}

// "outreach runs list" for the result of `runs list`.
static string CommandPath(System.CommandLine.Parsing.CommandResult result) =>
    result.Parent is System.CommandLine.Parsing.CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "outreach";
