using System.CommandLine;

namespace Outreach.Cli.Commands;

/// <summary>Options every command understands.</summary>
public static class CommonOptions
{
    public static readonly Option<string> Config = new("--config")
    {
        Description = "Folder of configuration files (*.json)",
        DefaultValueFactory = _ => "config",
        Recursive = true,
    };
}
