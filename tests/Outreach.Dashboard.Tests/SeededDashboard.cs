using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Outreach.Core;
using Outreach.Core.Simulation;
using Outreach.Engine.Runs;
using Outreach.Engine.Scheduling;
using Outreach.Limits.Suppression;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Dashboard.Tests;

/// <summary>
/// One server for every browser test, seeded as a marketer would find it: simulated customers, a finished A/B campaign
/// (two runs through the engine and the outbox, goal purchases posted through the API with a planted effect per
/// variant) and a coupon campaign run the same day, so the caps deny some of its touches. Plus Debian's Chromium.
/// </summary>
public sealed class SeededDashboard : IAsyncLifetime
{
    public const string AbCampaign = "member-care-ab";
    public const string CouponCampaign = "coupon-blast";
    public const string StaffList = "staff";
    public const string StaffMember = "C0000002";

    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public DashboardServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A customer the A/B campaign touched, for the customer lookup.</summary>
    public string TouchedCustomer { get; private set; } = "";

    /// <summary>A customer the A/B campaign texted who opted out of SMS afterwards.</summary>
    public string SuppressedCustomer { get; private set; } = "";

    /// <summary>Screenshots of every page, under the test output (bin/.../screenshots).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Server = DashboardServer.Start(new Dictionary<string, string?>
        {
            ["Channels:Costs:Currency"] = "CNY",
            ["Channels:Costs:PerMessage:sms"] = "0.05",
            ["Channels:Costs:PerMessage:email"] = "0.01",
            ["Limits:Lists:0:List"] = StaffList,
            ["Limits:Lists:0:Effect"] = "exempt",
        });
        await SeedAsync();
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"Chromium is not installed at {Chromium}: run tests/services.sh install (Debian package chromium).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A new tab signed in with the admin key, in English unless asked otherwise, on <paramref name="route"/> (e.g. <c>#/campaigns</c>).</summary>
    public async Task<IPage> OpenAsync(string route, int width = 1280, int height = 900, string locale = "en-US", bool signedIn = true)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Server.Address.ToString(), Locale = locale, ViewportSize = new() { Width = width, Height = height },
        });
        if (signedIn) await context.AddInitScriptAsync($"sessionStorage.setItem('outreach.apiKey', '{DashboardServer.AdminKey}')");
        var page = await context.NewPageAsync();
        await page.GotoAsync("dashboard/" + route);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        var services = Server.Services;
        var clock = Server.Clock;
        var store = services.GetRequiredService<ICustomerStore>();
        var customers = CustomerSimulator.Generate(new SimulationOptions { Count = 600, Seed = 7, Now = clock.GetUtcNow() })
            .Select(s => (s.Customer, s.Purchases, s.Events)).ToAsyncEnumerable();
        await store.BulkLoadAsync(customers, null, default);
        await services.GetRequiredService<Limits.Whitelists.ICustomerListStore>().AddAsync(StaffList, [StaffMember]);

        await File.WriteAllTextAsync(Path.Combine(Server.CampaignsFolder, AbCampaign + ".yaml"), AbYaml);
        await File.WriteAllTextAsync(Path.Combine(Server.CampaignsFolder, CouponCampaign + ".yaml"), CouponYaml);
        var catalog = services.GetRequiredService<CampaignCatalog>();
        catalog.Reload();
        var executor = services.GetRequiredService<RunExecutor>();

        // Day 1: the A/B campaign, then the coupon: the "1 per 1d" cap drops the coupon for everyone just touched.
        await executor.RunNowAsync(Campaign(catalog, AbCampaign), "run-1");
        await executor.RunNowAsync(Campaign(catalog, CouponCampaign), "run-1");
        // Day 3: the A/B campaign's second run; its first run's customers may be touched again.
        clock.Advance(TimeSpan.FromDays(2));
        await executor.RunNowAsync(Campaign(catalog, AbCampaign), "run-2");
        clock.Advance(TimeSpan.FromDays(1));

        // Goal purchases: 30% of the coupon variant's customers, 15% of the plain variant's, 10% of the holdout.
        var arms = new Dictionary<string, string>();
        await foreach (var batch in services.GetRequiredService<ITouchHistory>().StreamCampaignTouchesAsync(AbCampaign, 500))
            foreach (var touch in batch)
                arms.TryAdd(touch.CustomerId, touch.Status == TouchStatus.HeldOut ? "holdout" : touch.Variant ?? "none");
        var couponArm = arms.Where(a => a.Value == "coupon").Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        (TouchedCustomer, SuppressedCustomer) = (couponArm[0], couponArm[1]);
        await services.GetRequiredService<ISuppressionList>().AddAsync(Suppression.OfCustomer(Channel.Sms, SuppressedCustomer, SuppressionReason.OptOut));
        var share = new Dictionary<string, int> { ["coupon"] = 30, ["plain"] = 15, ["holdout"] = 10 };
        var purchases = arms
            .Where(a => share.TryGetValue(a.Value, out var percent) && (uint)StableHash(a.Key) % 100 < percent)
            .Select(a => new
            {
                id = $"goal-{a.Key}", customerId = a.Key, type = "purchase", amount = 88.0m,
                occurredAt = clock.GetUtcNow().AddHours(-6),
            })
            .ToList();
        using var client = Server.AdminClient();
        var response = await client.PostAsJsonAsync("events/batch", purchases);
        response.EnsureSuccessStatusCode();
    }

    private static Core.Campaigns.Campaign Campaign(CampaignCatalog catalog, string id) =>
        catalog.TryGet(id, out var campaign) ? campaign : throw new InvalidOperationException($"{id} did not load: {string.Join("; ", catalog.Current.Diagnostics)}");

    // string.GetHashCode differs per process; the planted effect must not.
    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & int.MaxValue;

    private const string AbYaml = """
        id: member-care-ab
        name: 会员关怀 A/B (Member care A/B)
        description: Plain thank-you note against a coupon, with a holdout, to see which brings customers back.
        category: marketing
        timezone: Asia/Shanghai
        priority: 6
        schedule: "0 0 10 ? * MON"
        audience:
          purchase_count: { min: 1 }
        holdout: 20
        variants:
          - name: plain
            weight: 50
            channels: [sms, email]
            messages:
              sms: "【悦享会】{{ customer.name | default: '会员' }}您好，感谢您一直以来的支持。回T退订"
              email:
                subject: 感谢您的支持
                body: "{{ customer.name | default: '会员' }}您好，感谢您一直以来的支持。"
          - name: coupon
            weight: 50
            channels: [sms, email]
            messages:
              sms: "【悦享会】{{ customer.name | default: '会员' }}您好，送您一张 20 元优惠券，7 天内有效。回T退订"
              email:
                subject: 送您一张 20 元优惠券
                body: "{{ customer.name | default: '会员' }}您好，送您一张 20 元优惠券，7 天内有效。"
        when_blocked:
          capped: drop
          quiet_hours: defer
          expires_after: 2d
        goal:
          event: purchase
          window: 14d
        stop_rule:
          after_touches: 100
          min_roi: 0.5
        """;

    private const string CouponYaml = """
        id: coupon-blast
        name: 周末优惠券 (Weekend coupon)
        category: marketing
        timezone: Asia/Shanghai
        priority: 3
        schedule: "0 0 10 ? * SAT"
        audience:
          purchase_count: { min: 1 }
        variants:
          - name: coupon
            channels: [sms]
            messages:
              sms: "【悦享会】周末满 199 减 30。回T退订"
        when_blocked:
          capped: drop
          quiet_hours: drop
        """;
}
