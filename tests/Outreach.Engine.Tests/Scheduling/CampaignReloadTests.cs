using Outreach.Engine.Scheduling;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>A running scheduler follows the campaigns folder: edits reschedule, a broken file keeps the last good version, deletion unschedules.</summary>
public sealed class CampaignReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private readonly TempFolder _folder = new();
    private SchedulerNode _node = null!;
    private string _file = "";

    public async Task InitializeAsync()
    {
        _file = _folder.WriteCampaign("coupon.yaml", TestCampaigns.Scheduled("coupon", "0 0 10 * * ?"));
        _node = await SchedulerNode.CreateAsync(_folder.Path);
        var report = await _node.Scheduler.StartAsync();
        Assert.Equal(["coupon"], report.Scheduled);
    }

    [Fact]
    public async Task Editing_a_file_to_a_new_cron_reschedules_its_campaign()
    {
        File.WriteAllText(_file, TestCampaigns.Scheduled("coupon", "0 30 9 * * ?"));

        Assert.True(await Eventually.TrueAsync(async () => (await _node.TriggerOfAsync("coupon"))?.CronExpressionString == "0 30 9 * * ?", Within));
        var trigger = await _node.TriggerOfAsync("coupon");
        Assert.Equal(TimeSpan.FromHours(1.5), trigger!.NextFireTimeUtc!.Value.UtcDateTime.TimeOfDay);
    }

    [Fact]
    public async Task Breaking_a_file_reports_where_and_keeps_the_previous_schedule()
    {
        var reloaded = new TaskCompletionSource<CatalogSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        _node.Catalog.Changed += snapshot => reloaded.TrySetResult(snapshot);

        File.WriteAllText(_file, TestCampaigns.Scheduled("coupon", "0 0 11 * * ?").Replace("variants:", "variants: [oops"));

        var snapshot = await reloaded.Task.WaitAsync(Within);
        var diagnostic = Assert.Single(snapshot.Diagnostics, d => d.File == _file);
        Assert.True(diagnostic.Line > 1);
        Assert.StartsWith($"{_file}:{diagnostic.Line}:{diagnostic.Column}: ", diagnostic.ToString());
        Assert.Equal("0 0 10 * * ?", snapshot.Campaigns["coupon"].Schedule);
        await Task.Delay(300); // the re-sync that follows the reload must not have touched the trigger
        Assert.Equal("0 0 10 * * ?", (await _node.TriggerOfAsync("coupon"))?.CronExpressionString);

        // Once the file is fixed, the fixed version takes over.
        File.WriteAllText(_file, TestCampaigns.Scheduled("coupon", "0 0 11 * * ?"));
        Assert.True(await Eventually.TrueAsync(async () => (await _node.TriggerOfAsync("coupon"))?.CronExpressionString == "0 0 11 * * ?", Within));
        Assert.Empty(_node.Catalog.Current.Diagnostics);
    }

    [Fact]
    public async Task Deleting_a_file_unschedules_its_campaign()
    {
        File.Delete(_file);

        Assert.True(await Eventually.TrueAsync(async () => await _node.TriggerOfAsync("coupon") is null, Within));
        Assert.False(await (await _node.QuartzAsync()).Exists(CampaignScheduleSync.JobKeyFor("coupon")));
        Assert.False(_node.Catalog.TryGet("coupon", out _));
    }

    [Fact]
    public async Task Adding_a_file_schedules_its_campaign()
    {
        _folder.WriteCampaign("win-back.yaml", TestCampaigns.Scheduled("win-back", "0 30 10 ? * TUE"));

        Assert.True(await Eventually.TrueAsync(async () => await _node.TriggerOfAsync("win-back") is not null, Within));
        Assert.Equal(2, (await _node.Scheduler.ListAsync()).Count);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _folder.Dispose();
    }
}
