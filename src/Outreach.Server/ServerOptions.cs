using Outreach.Server.Security;

namespace Outreach.Server;

/// <summary>The HTTP server's own settings (section <c>Server</c>); the engine's come from their own sections.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Folder of configuration files (*.json) read in name order before environment variables, as the CLI does.</summary>
    public string ConfigPath { get; set; } = "config";

    /// <summary>Largest request body accepted, in bytes; a batch bigger than this is refused with 413 before it is read.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The API keys, hashed (<c>outreach apikey new</c> makes one); with none configured every keyed endpoint answers 401.</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>
    /// Runs the engine in this process (as <c>outreach start</c> does): Quartz schedules, event triggers and the touch
    /// queue. Off for a node that only serves the API while other nodes send.
    /// </summary>
    public bool RunEngine { get; set; } = true;
}
