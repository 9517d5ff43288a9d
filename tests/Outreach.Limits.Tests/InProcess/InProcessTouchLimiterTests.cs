using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Limits.Caps;
using Outreach.Limits.InProcess;
using Outreach.Limits.Suppression;
using Outreach.Limits.Tests.Caps;
using Outreach.Limits.Whitelists;

namespace Outreach.Limits.Tests.InProcess;

/// <summary>The contract, in process, with its state files in a fresh temporary folder.</summary>
public sealed class InProcessTouchLimiterTests : TouchLimiterContract, IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("outreach-limits-").FullName;

    protected override Sut Create(LimitsOptions options, FakeTimeProvider time)
    {
        var listsPath = Path.Combine(_data, "customer-lists.json");
        var lists = new WhitelistService(new FileCustomerListStore(listsPath), Options.Create(options), time);
        var suppressions = new FileSuppressionList(Path.Combine(_data, "suppressions.json"));
        return new(new InProcessTouchLimiter(Options.Create(options), lists, suppressions, time), lists, suppressions, time,
            () => new FileCustomerListStore(listsPath));
    }

    [Fact]
    public async Task Suppressions_survive_a_restart()
    {
        var path = Path.Combine(_data, "suppressions.json");
        await new FileSuppressionList(path).AddAsync(Suppression.Suppression.OfCustomer(Core.Channel.Sms, "c1", SuppressionReason.Complaint));
        Assert.Equal(SuppressionReason.Complaint, (await new FileSuppressionList(path).FindAsync(Core.Channel.Sms, "c1", null))!.Reason);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
