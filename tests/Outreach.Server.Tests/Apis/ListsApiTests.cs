using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Apis;

/// <summary>Where the limiter keeps the lists: files in process, or the test Redis (tests/services.sh).</summary>
public enum Limiter { InProcess, Redis }

public sealed class ListsApiTests
{
    private static async Task<OutreachServer> StartAsync(Limiter limiter, Store store = Store.Sqlite)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Limits:Lists:0:List"] = "staff",
            ["Limits:Lists:0:Effect"] = "allow_only",
            ["Limits:Lists:0:Tags:0"] = "staff-test",
            ["Limits:Lists:1:List"] = "vip",
            ["Limits:Lists:1:Effect"] = "exempt",
        };
        if (limiter == Limiter.Redis)
        {
            settings["Limits:Redis"] = TestRedis.Endpoint;
            settings["Limits:KeyPrefix"] = $"test:server-lists:{Guid.NewGuid():N}";
        }
        var server = await OutreachServer.StartAsync(store, settings);
        server.AddCampaign("welcome.yaml", TriggerApiTests.Welcome);
        using var ingest = server.CreateClient(Scopes.Ingest);
        (await ingest.PutAsJsonAsync("/customers/vip-1", new { name = "Li", phone = "+8613800138000", tags = new[] { "vip" }, consent = new { sms = "opted_in" } }))
            .EnsureSuccessStatusCode();
        return server;
    }

    [Theory]
    [InlineData(Limiter.InProcess)]
    [InlineData(Limiter.Redis)]
    public async Task The_suppression_list_is_listed_with_each_entry_and_says_when_it_goes_on(Limiter limiter)
    {
        await using var server = await StartAsync(limiter);
        using var admin = server.CreateClient(Scopes.Admin);
        (await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "sms", address = "138 0013 8000", reason = "complaint" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "email", customerId = "vip-1", reason = "opt_out" })).EnsureSuccessStatusCode();

        var all = await admin.GetFromJsonAsync<JsonElement>("/lists/suppressions");
        var first = await admin.GetFromJsonAsync<JsonElement>("/lists/suppressions?limit=1");
        var tooMany = await admin.GetAsync("/lists/suppressions?limit=5000");

        Assert.False(all.GetProperty("truncated").GetBoolean());
        Assert.Equal(["sms address +8613800138000 complaint", "email customer vip-1 opt_out"],
            all.GetProperty("entries").EnumerateArray().Select(e =>
                $"{e.GetProperty("channel")} {e.GetProperty("kind")} {e.GetProperty("subject")} {e.GetProperty("reason")}").ToList());
        Assert.True(first.GetProperty("truncated").GetBoolean());
        Assert.Equal(1, first.GetProperty("entries").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("limit", await tooMany.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Limiter.InProcess, Store.Sqlite)]
    [InlineData(Limiter.Redis, Store.Postgres)]
    public async Task A_suppressed_phone_number_stops_the_customers_touch_until_it_is_removed(Limiter limiter, Store store)
    {
        await using var server = await StartAsync(limiter, store);
        using var admin = server.CreateClient(Scopes.Admin);

        // Written as a person would: the list keeps it in E.164, as the touches carry it.
        var added = await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "sms", address = "138 0013 8000", reason = "complaint" });
        var check = await admin.PostAsJsonAsync("/lists/suppressions/check", new { channel = "sms", customerId = "vip-1" });
        var trigger = await server.CreateClient(Scopes.Trigger).PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var entry = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("address", "+8613800138000", "complaint"),
            (entry.GetProperty("kind").GetString(), entry.GetProperty("subject").GetString(), entry.GetProperty("reason").GetString()));
        var found = await check.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(found.GetProperty("suppressed").GetBoolean());
        Assert.Equal("address", found.GetProperty("by").GetProperty("kind").GetString());
        Assert.Equal("suppressed", (await trigger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());

        var removed = await admin.PostAsJsonAsync("/lists/suppressions/remove", new { channel = "sms", address = "+86 138 0013 8000" });
        var removedAgain = await admin.PostAsJsonAsync("/lists/suppressions/remove", new { channel = "sms", address = "+8613800138000" });
        var after = await (await admin.PostAsJsonAsync("/lists/suppressions/check", new { channel = "sms", customerId = "vip-1" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.False(after.GetProperty("suppressed").GetBoolean());
    }

    [Theory]
    [InlineData(Limiter.InProcess)]
    [InlineData(Limiter.Redis)]
    public async Task A_customer_suppression_holds_on_its_channel_only(Limiter limiter)
    {
        await using var server = await StartAsync(limiter);
        using var admin = server.CreateClient(Scopes.Admin);

        (await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "email", customerId = "vip-1", reason = "opt_out" })).EnsureSuccessStatusCode();
        var onEmail = await (await admin.PostAsJsonAsync("/lists/suppressions/check", new { channel = "email", customerId = "vip-1" })).Content.ReadFromJsonAsync<JsonElement>();
        var onSms = await (await admin.PostAsJsonAsync("/lists/suppressions/check", new { channel = "sms", customerId = "vip-1" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(onEmail.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opt_out", onEmail.GetProperty("by").GetProperty("reason").GetString());
        Assert.False(onSms.GetProperty("suppressed").GetBoolean());
    }

    [Theory]
    [InlineData(Limiter.InProcess)]
    [InlineData(Limiter.Redis)]
    public async Task An_email_suppression_holds_whatever_the_case_of_the_address_and_is_removed_the_same_way(Limiter limiter)
    {
        await using var server = await StartAsync(limiter);
        using var admin = server.CreateClient(Scopes.Admin);
        (await admin.PutAsJsonAsync("/customers/wang", new { email = "Wang@Example.COM", consent = new { email = "opted_in" } })).EnsureSuccessStatusCode();

        (await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "email", address = "wang@example.com", reason = "opt_out" })).EnsureSuccessStatusCode();
        var check = await (await admin.PostAsJsonAsync("/lists/suppressions/check", new { channel = "email", customerId = "wang" })).Content.ReadFromJsonAsync<JsonElement>();
        var removed = await admin.PostAsJsonAsync("/lists/suppressions/remove", new { channel = "email", address = "WANG@example.com" });
        var after = await (await admin.PostAsJsonAsync("/lists/suppressions/check", new { channel = "email", customerId = "wang" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(check.GetProperty("suppressed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.False(after.GetProperty("suppressed").GetBoolean());
        Assert.Equal("wang@example.com", (await admin.GetFromJsonAsync<JsonElement>("/customers/wang")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Bad_suppression_requests_name_the_field()
    {
        await using var server = await StartAsync(Limiter.InProcess);
        using var admin = server.CreateClient(Scopes.Admin);

        var channel = await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "fax", customerId = "vip-1", reason = "opt_out" });
        var reason = await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "sms", customerId = "vip-1", reason = "annoyed" });
        var both = await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "sms", customerId = "vip-1", address = "+8613800138000", reason = "opt_out" });
        var phone = await admin.PostAsJsonAsync("/lists/suppressions", new { channel = "sms", address = "not-a-number", reason = "opt_out" });

        var channelProblem = await ProblemAsync(channel);
        Assert.Equal("channel", BadField(channelProblem));
        Assert.Contains("'fax' is not a channel", channelProblem.GetProperty("detail").GetString());
        Assert.Equal("reason", await BadFieldAsync(reason));
        Assert.Equal("address", await BadFieldAsync(both));
        Assert.Equal("address", await BadFieldAsync(phone));
    }

    [Theory]
    [InlineData(Limiter.InProcess)]
    [InlineData(Limiter.Redis)]
    public async Task Whitelist_members_are_added_checked_listed_and_removed(Limiter limiter)
    {
        await using var server = await StartAsync(limiter);
        using var admin = server.CreateClient(Scopes.Admin);

        var added = await admin.PostAsJsonAsync("/lists/whitelists/staff/members", new { customerIds = new[] { "s-2", "s-1", "s-2" } });
        var member = await admin.GetFromJsonAsync<JsonElement>("/lists/whitelists/staff/members/s-1");
        var stranger = await admin.GetFromJsonAsync<JsonElement>("/lists/whitelists/staff/members/nobody");
        var staff = await admin.GetFromJsonAsync<JsonElement>("/lists/whitelists/staff");
        var removed = await admin.DeleteAsync("/lists/whitelists/staff/members/s-1");
        var removedAgain = await admin.DeleteAsync("/lists/whitelists/staff/members/s-1");
        var all = await admin.GetFromJsonAsync<JsonElement>("/lists/whitelists");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(2, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        Assert.True(member.GetProperty("member").GetBoolean());
        Assert.False(stranger.GetProperty("member").GetBoolean());
        Assert.Equal(["s-1", "s-2"], staff.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("allow_only", staff.GetProperty("list").GetProperty("effects")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        var counts = all.EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["staff"] = 1, ["vip"] = 0 }, counts);
    }

    [Fact]
    public async Task An_unknown_list_or_an_empty_member_is_refused_by_name()
    {
        await using var server = await StartAsync(Limiter.InProcess);
        using var admin = server.CreateClient(Scopes.Admin);

        var unknown = await admin.PostAsJsonAsync("/lists/whitelists/friends/members", new { customerIds = new[] { "c1" } });
        var blank = await admin.PostAsJsonAsync("/lists/whitelists/vip/members", new { customerIds = new[] { "c1", " " } });
        var none = await admin.PostAsJsonAsync("/lists/whitelists/vip/members", new { customerIds = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var detail = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("'friends'", detail);
        Assert.Contains("staff, vip", detail);
        Assert.Equal("customerIds[1]", await BadFieldAsync(blank));
        Assert.Equal("customerIds", await BadFieldAsync(none));
    }

    [Fact]
    public async Task Lists_need_the_admin_scope()
    {
        await using var server = await StartAsync(Limiter.InProcess);

        var ingest = await server.CreateClient(Scopes.Ingest).GetAsync("/lists/whitelists");
        var anonymous = await server.CreateClient().PostAsJsonAsync("/lists/suppressions/check", new { channel = "sms", customerId = "vip-1" });

        Assert.Equal(HttpStatusCode.Forbidden, ingest.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>The one field a 400 problem names in <c>errors</c>.</summary>
    private static async Task<string> BadFieldAsync(HttpResponseMessage response) => BadField(await ProblemAsync(response));

    private static string BadField(JsonElement problem) => Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
