using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Limits.Whitelists;
using static Outreach.Limits.Tests.Support.Touches;

namespace Outreach.Limits.Tests.Whitelists;

/// <summary>The whitelist rules as every touch meets them: only the rules that apply to it are asked.</summary>
public sealed class WhitelistServiceTests
{
    private static WhitelistService Service(ICustomerListStore store, params CustomerListRule[] rules) =>
        new(store, Options.Create(new LimitsOptions { Lists = [.. rules] }), new FakeTimeProvider());

    [Fact]
    public async Task A_touch_no_rule_applies_to_is_answered_without_reading_the_lists()
    {
        var lists = Service(new UnreadableLists(),
            new() { List = "staff", Effect = "allow_only", Tags = ["staff-test"] },
            new() { List = "friends", Effect = "exempt", Campaigns = ["Renewal"] });

        Assert.Same(WhitelistVerdict.None, await lists.EvaluateAsync(Touch("c1", tags: ["bench"], campaign: "bench-everyone")));
        Assert.True((await lists.EvaluateAsync(Touch("c1", tags: ["bench", "STAFF-TEST"], campaign: "bench-everyone"))).IsUnknown);
        Assert.True((await lists.EvaluateAsync(Touch("c1", tags: [], campaign: "renewal"))).IsUnknown);
    }

    /// <summary>A list store that is down.</summary>
    private sealed class UnreadableLists : ICustomerListStore
    {
        public Task AddAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default) => throw Down();
        public Task RemoveAsync(string list, IReadOnlyCollection<string> customerIds, CancellationToken ct = default) => throw Down();
        public Task<IReadOnlySet<string>> MembersAsync(string list, CancellationToken ct = default) => throw Down();
        public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken ct = default) => throw Down();
        public Task<long> VersionAsync(CancellationToken ct = default) => throw Down();

        private static IOException Down() => new("the list store is down");
    }
}
