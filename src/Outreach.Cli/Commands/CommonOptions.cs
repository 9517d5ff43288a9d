using System.CommandLine;

namespace Outreach.Cli.Commands;

/// <summary>Options every command understands.</summary>
public static class CommonOptions
{
    public static readonly Option<string> Config = CreateConfig();

    private static Option<string> CreateConfig()
    {
        var config = new Option<string>("--config")
        {
            Description = "Folder of configuration files (*.json)",
            DefaultValueFactory = _ => "config",
            Recursive = true,
        };
        // Without config/ the defaults apply; a folder named on purpose that is not there is a mistake, not a default.
        config.Validators.Add(result =>
        {
            if (!result.Implicit && result.GetValueOrDefault<string>() is { } folder && !Directory.Exists(folder))
                result.AddError($"--config: there is no folder '{folder}' (from {Directory.GetCurrentDirectory()}).");
        });
        return config;
    }
}
