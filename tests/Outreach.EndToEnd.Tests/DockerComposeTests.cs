namespace Outreach.EndToEnd.Tests;

public class DockerComposeTests
{
    [Fact]
    public async Task The_compose_file_parses_and_names_outreach_the_server_redis_postgres_and_an_smtp_sink()
    {
        var (exitCode, output) = await Repository.RunAsync("docker-compose",
            ["-f", Repository.Path("docker-compose.yml"), "config", "--services"]);

        Assert.True(exitCode == 0, output);
        var services = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order();
        Assert.Equal(["outreach", "postgres", "redis", "server", "smtp"], services);
    }

    [Fact]
    public async Task Outreach_in_compose_runs_on_postgres_and_redis()
    {
        var (exitCode, output) = await Repository.RunAsync("docker-compose", ["-f", Repository.Path("docker-compose.yml"), "config"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Storage__Provider: postgres", output);
        Assert.Contains("Limits__Redis: redis:6379", output);
    }

    [Fact]
    public async Task Mail_in_compose_goes_to_the_smtp_sink_under_the_keys_the_email_channel_reads()
    {
        var (exitCode, output) = await Repository.RunAsync("docker-compose", ["-f", Repository.Path("docker-compose.yml"), "config"]);

        Assert.True(exitCode == 0, output);
        // Channels:Email:Host is what switches email from the outbox to SMTP (EmailOptions.SectionName + Host).
        Assert.Equal(2, output.Split('\n').Count(line => line.Trim() == "Channels__Email__Host: smtp"));
        Assert.DoesNotContain("Channels__Email__Smtp__", output);
        Assert.Contains("Server__RunEngine: \"true\"", output);
    }
}
