using System.Text.Json;
using Outreach.Core.Customers;
using Outreach.Storage.Sqlite;

namespace Outreach.EndToEnd.Tests;

/// <summary>The `outreach` command, run as a separate process in a fresh folder, as a marketer would run it.</summary>
public class CliTests
{
    [Fact]
    public async Task Validate_accepts_the_shipped_campaigns()
    {
        using var workspace = new Workspace();
        var (exitCode, output) = await workspace.OutreachAsync("validate", "campaigns");

        Assert.True(exitCode == 0, output);
        Assert.Contains("3 campaign(s) valid", output);
        foreach (var id in new[] { "renewal-reminder", "inactivity-30d-coupon", "win-back" }) Assert.Contains(id, output);
    }

    [Fact]
    public async Task Validate_names_file_line_and_column_of_a_mistake_and_fails()
    {
        using var workspace = new Workspace(withCampaigns: false);
        var good = File.ReadAllText(Repository.Path("campaigns", "inactivity-30d-coupon.yaml"));
        var lines = good.Split('\n').ToList();
        var priority = lines.FindIndex(l => l.StartsWith("priority:"));
        lines[priority] = "priority: high";
        var path = workspace.Write("campaigns/broken.yaml", string.Join('\n', lines));

        var (exitCode, output) = await workspace.OutreachAsync("validate", path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"broken.yaml:{priority + 1}:11: ", output);
        Assert.Contains("priority", output);
    }

    [Fact]
    public async Task A_dry_run_sends_and_records_nothing_and_a_run_can_be_paused_and_resumed_from_the_command_line()
    {
        using var workspace = new Workspace();
        Assert.Equal(0, (await workspace.OutreachAsync("simulate", "--customers", "300", "--seed", "7")).ExitCode);
        // Quiet hours follow the wall clock: with them on, part of the run waits, so it is still there to pause.
        workspace.Environment["Limits__QuietHours__Start"] = "00:00";
        workspace.Environment["Limits__QuietHours__End"] = "23:59";

        var (dry, dryOutput) = await workspace.OutreachAsync("run", "inactivity-30d-coupon", "--dry-run");
        Assert.True(dry == 0, dryOutput);
        Assert.Contains("nothing was sent, reserved or recorded", dryOutput);
        Assert.Empty(Outbox.Read(workspace.PathOf("data", "outbox.jsonl")));
        Assert.Contains("No runs yet", (await workspace.OutreachAsync("runs", "list")).Output);

        Assert.Equal(0, (await workspace.OutreachAsync("run", "inactivity-30d-coupon", "--run-id", "r1")).ExitCode);
        var (paused, pausedOutput) = await workspace.OutreachAsync("runs", "pause", "inactivity-30d-coupon", "r1");
        Assert.True(paused == 0, pausedOutput);
        var whilePaused = CountersTable.Parse((await workspace.OutreachAsync("runs", "status", "inactivity-30d-coupon", "r1")).Output);
        Assert.True(whilePaused.Count("paused") > 0, pausedOutput);
        Assert.Equal(0, whilePaused.Count("deferred"));
        var (again, againOutput) = await workspace.OutreachAsync("runs", "pause", "inactivity-30d-coupon", "r1");
        Assert.NotEqual(0, again);
        Assert.Contains("it is paused already", againOutput);

        var (resumed, resumedOutput) = await workspace.OutreachAsync("runs", "resume", "inactivity-30d-coupon", "r1");
        Assert.True(resumed == 0, resumedOutput);
        var afterResume = CountersTable.Parse((await workspace.OutreachAsync("runs", "status", "inactivity-30d-coupon", "r1")).Output);
        Assert.Equal(0, afterResume.Count("paused"));
        Assert.Equal(whilePaused.Count("paused"), afterResume.Count("queued"));
    }

    [Fact]
    public async Task A_command_line_mistake_exits_2_naming_it_and_the_help_to_read()
    {
        using var workspace = new Workspace();

        var (days, daysOutput) = await workspace.OutreachAsync("plan", "--days", "abc");
        var (config, configOutput) = await workspace.OutreachAsync("--config", "no-such-folder", "validate");
        var (nothing, help) = await workspace.OutreachAsync();

        Assert.True(days == 2, daysOutput);
        Assert.Contains("'abc'", daysOutput);
        Assert.Contains("See 'outreach plan --help'.", daysOutput);
        Assert.True(config == 2, configOutput);
        Assert.Contains("--config: there is no folder 'no-such-folder'", configOutput);
        Assert.True(nothing == 0, help);
        Assert.Contains("Usage:", help);
    }

    [Fact]
    public async Task Piped_tables_keep_each_row_on_one_line()
    {
        using var workspace = new Workspace();
        Assert.Equal(0, (await workspace.OutreachAsync("simulate", "--customers", "200", "--seed", "7")).ExitCode);
        const string longRunId = "a-run-id-long-enough-to-be-wrapped-at-eighty-columns";
        Assert.Equal(0, (await workspace.OutreachAsync("run", "renewal-reminder", "--run-id", longRunId)).ExitCode);

        var (exitCode, output) = await workspace.OutreachAsync("runs", "list");

        Assert.True(exitCode == 0, output);
        Assert.Contains(output.Split('\n'), line => line.Contains("renewal-reminder") && line.Contains(longRunId));
    }

    [Fact]
    public async Task Simulate_refuses_a_store_that_already_holds_customers_and_leaves_them_as_they_were()
    {
        using var workspace = new Workspace(withCampaigns: false);
        Assert.Equal(0, (await workspace.OutreachAsync("simulate", "--customers", "200", "--seed", "7")).ExitCode);

        var (exitCode, output) = await workspace.OutreachAsync("simulate", "--customers", "300", "--seed", "8");

        Assert.Equal(1, exitCode);
        Assert.Contains("The store already holds 200 customers", output);
        var (_, again) = await workspace.OutreachAsync("simulate", "--customers", "1", "--seed", "7");
        Assert.Contains("already holds 200 customers", again);
    }

    [Fact]
    public async Task Validate_finds_an_id_used_twice_among_files_named_one_by_one_as_a_shell_glob_names_them()
    {
        using var workspace = new Workspace(withCampaigns: false);
        var text = File.ReadAllText(Repository.Path("campaigns", "win-back.yaml"));
        var first = workspace.Write("campaigns/a.yaml", text);
        var second = workspace.Write("campaigns/b.yaml", text);

        var (exitCode, output) = await workspace.OutreachAsync("validate", first, second);
        var (sameFileTwice, sameOutput) = await workspace.OutreachAsync("validate", first, first);

        Assert.Equal(1, exitCode);
        Assert.Contains("b.yaml:", output);
        Assert.Contains("The id 'win-back' is already used by a.yaml", output);
        Assert.True(sameFileTwice == 0, sameOutput);
        Assert.Contains("1 campaign(s) valid", sameOutput);
    }

    [Theory]
    [InlineData("mysql", "Storage:Provider 'mysql' is not known; use 'sqlite' or 'postgres'.")]
    [InlineData("postgres", "Storage:PostgresConnectionString is required when Storage:Provider is 'postgres'")]
    public async Task A_storage_mistake_is_a_configuration_problem_naming_the_key_not_a_crash(string provider, string problem)
    {
        using var workspace = new Workspace();
        workspace.Environment["Storage__Provider"] = provider;

        var (exitCode, output) = await workspace.OutreachAsync("plan", "--days", "1");

        Assert.True(exitCode == 78, $"exit code {exitCode}:\n{output}");
        Assert.Contains("Configuration problem: " + problem, output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task A_run_id_that_cannot_stand_in_touch_ids_is_refused_and_a_cancelled_run_is_not_run_again()
    {
        using var workspace = new Workspace();
        Assert.Equal(0, (await workspace.OutreachAsync("simulate", "--customers", "300", "--seed", "7")).ExitCode);

        var (slash, slashOutput) = await workspace.OutreachAsync("run", "renewal-reminder", "--run-id", "a/b");
        var (empty, _) = await workspace.OutreachAsync("run", "renewal-reminder", "--run-id", "");
        Assert.Equal((2, 2), (slash, empty));
        Assert.Contains("A run id is 1 to 64 letters", slashOutput);

        Assert.Equal(0, (await workspace.OutreachAsync("run", "renewal-reminder", "--run-id", "r1")).ExitCode);
        Assert.Equal(0, (await workspace.OutreachAsync("runs", "cancel", "renewal-reminder", "r1")).ExitCode);
        var (again, againOutput) = await workspace.OutreachAsync("run", "renewal-reminder", "--run-id", "r1");
        Assert.True(again == 1, againOutput);
        Assert.Contains("Run r1 of renewal-reminder was cancelled", againOutput);
    }

    [Fact]
    public async Task Demo_seeds_customers_and_writes_each_touch_once_to_the_outbox()
    {
        using var workspace = new Workspace();
        // Quiet hours follow the wall clock: at night in the customers' time zones every touch would wait until morning.
        workspace.Environment["Limits__QuietHours__Enabled"] = "false";
        var (exitCode, output) = await workspace.OutreachAsync("demo", "--customers", "400", "--seed", "7");

        Assert.True(exitCode == 0, output);
        Assert.Contains("400 customers loaded", output);
        var touches = File.ReadLines(workspace.PathOf("data", "outbox.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(t => (Campaign: t.GetProperty("campaign_id").GetString()!, Customer: t.GetProperty("customer_id").GetString()!,
                Channel: t.GetProperty("channel").GetString()!, Body: t.GetProperty("body").GetString()!))
            .ToList();

        Assert.NotEmpty(touches);
        Assert.Equal(touches.Count, touches.Select(t => (t.Campaign, t.Customer)).Distinct().Count());
        Assert.All(touches, t => Assert.DoesNotContain("{{", t.Body));
        // The default caps allow one marketing touch per customer per day, whatever the campaigns want.
        Assert.Equal(touches.Count, touches.Select(t => t.Customer).Distinct().Count());
        Assert.All(touches, t => Assert.Contains(t.Channel, new[] { "sms", "call", "email", "wechat" }));

        // One counters table per campaign run, and the touches they count as sent are the ones in the outbox.
        foreach (var id in new[] { "renewal-reminder", "inactivity-30d-coupon", "win-back" }) Assert.Contains(id, output);
        var counters = CountersTable.Parse(output);
        Assert.True(counters.Count("audience") > 0, output);
        Assert.True(counters.Count("held out") > 0, output);
        Assert.Equal(touches.Count, counters.Count("sent"));
        Assert.Contains("one message sent", output);

        // Again the same day: the caps hold everyone back, so no run sends, and no earlier run's message is shown as sent.
        var (againCode, again) = await workspace.OutreachAsync("demo");
        Assert.True(againCode == 0, again);
        Assert.Equal(0, CountersTable.Parse(again).Count("sent"));
        Assert.DoesNotContain("one message sent", again);
    }

    [Fact]
    public async Task Import_skips_bad_rows_with_their_line_numbers_and_keeps_the_rest()
    {
        using var workspace = new Workspace(withCampaigns: false);
        var csv = workspace.Write("customers.csv", """
            id,name,phone,email,timezone,tags,consent_sms
            c1,Li Lei,13800138000,li.lei@example.com,Asia/Shanghai,vip;student,yes
            c2,Han Meimei,12345,han@example.com,Asia/Shanghai,,yes
            c3,"Wang, Fang",+86 139 0013 9000,,Asia/Shanghai,,no
            c4,Zhao Lei,13700137000,not-an-email,Asia/Shanghai,,yes
            """);

        var (exitCode, output) = await workspace.OutreachAsync("import", csv);

        Assert.Equal(1, exitCode);
        Assert.Contains("customers.csv:3: phone:", output);
        Assert.Contains("customers.csv:5: email:", output);
        Assert.Contains("2 customer(s) imported", output);

        using var store = OpenStore(workspace);
        Assert.Equal(2, await store.CountCustomersAsync());
        Assert.Equal("+8613900139000", (await store.GetCustomerAsync("c3"))!.Phone);
    }

    [Fact]
    public async Task Simulate_loads_the_requested_number_of_customers()
    {
        using var workspace = new Workspace(withCampaigns: false);
        var (exitCode, output) = await workspace.OutreachAsync("simulate", "--customers", "1500", "--seed", "3");

        Assert.True(exitCode == 0, output);
        using var store = OpenStore(workspace);
        Assert.Equal(1500, await store.CountCustomersAsync());
    }

    [Fact]
    public async Task Preview_shows_audience_variant_split_and_a_rendered_sample()
    {
        using var workspace = new Workspace();
        Assert.Equal(0, (await workspace.OutreachAsync("simulate", "--customers", "800", "--seed", "5")).ExitCode);

        var (exitCode, output) = await workspace.OutreachAsync("preview", "renewal-reminder");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"audience \d+", output);
        Assert.Contains("plain-notice", output);
        Assert.Contains("free-trial", output);
        Assert.Contains("holdout", output);
        Assert.DoesNotContain("{{", output);
    }

    private static SqliteCustomerStore OpenStore(Workspace workspace) => new(
        workspace.PathOf("data", "outreach.db"), new ProfileCalculator(new LifecycleOptions()), new ContactValidator(), TimeProvider.System);
}
