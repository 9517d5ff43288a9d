using Outreach.Engine.Pipeline;

namespace Outreach.Engine.Tests.Scheduling;

public sealed class EngineRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Building_the_engine_starts_no_scheduler_and_creates_no_job_store()
    {
        await using (var node = await SchedulerNode.CreateAsync(_folder.Path))
        {
            Assert.NotNull(node.Get<CampaignRunner>());
            Assert.False(File.Exists(Path.Combine(_folder.Path, "quartz.db")));
        }
        Assert.False(File.Exists(Path.Combine(_folder.Path, "quartz.db")));
    }

    public void Dispose() => _folder.Dispose();
}
