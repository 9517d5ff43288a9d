using System.CommandLine;
using Microsoft.Extensions.Options;
using Outreach.Cli.Commands;
using Outreach.Limits.InProcess;

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

try
{
    return await outreach.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
