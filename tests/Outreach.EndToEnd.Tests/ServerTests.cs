using System.Net;

namespace Outreach.EndToEnd.Tests;

/// <summary>The built <c>outreach-server</c> started in a folder as the README starts it: that folder's config, campaigns and data.</summary>
public class ServerTests
{
    [Fact]
    public async Task The_server_started_in_a_folder_serves_its_campaigns_and_the_dashboard_and_keeps_its_data_there()
    {
        using var workspace = new Workspace();

        var (server, http, ready) = await Repository.StartServerAsync(workspace.Root);
        using var running = server;
        using var client = http;

        Assert.Contains("3 campaign(s) in force", ready);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard/")).StatusCode);
        Assert.True(File.Exists(workspace.PathOf("data", "outreach.db")), "the store is not in the folder the server was started in");
        // What it logged at start is in the pipe already; how it stops does not matter here.
        server.KillHard();
        var (_, output) = await server.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("No API key is configured (Server:ApiKeys)", output);
    }

    [Theory]
    [InlineData("Storage__Provider", "mysql", "Configuration problem: Storage:Provider 'mysql' is not known")]
    [InlineData("Channels__RateLimits__sms__PerSecond", "0", "Configuration problem: Channels:RateLimits:sms:PerSecond must be greater than 0")]
    public async Task A_configuration_mistake_stops_the_server_with_exit_78_naming_the_key(string key, string value, string problem)
    {
        using var workspace = new Workspace();

        var (exitCode, output) = await Repository.RunServerAsync(workspace.Root, new Dictionary<string, string> { [key] = value });

        Assert.True(exitCode == 78, $"exit code {exitCode}:\n{output}");
        Assert.Contains(problem, output);
        Assert.DoesNotContain("Unhandled exception", output);
    }
}
