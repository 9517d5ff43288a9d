using System.CommandLine;
using Outreach.Cli.Commands;

var outreach = new RootCommand("Outreach: outbound touches that keep customers without harassing them.")
{
    CommonOptions.Config,
    ValidateCommand.Create(),
    PreviewCommand.Create(),
    ImportCommand.Create(),
    SimulateCommand.Create(),
    DemoCommand.Create(),
    StartCommand.Create(),
};

return await outreach.Parse(args).InvokeAsync();
