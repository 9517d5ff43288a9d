using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Server.Security;

namespace Outreach.Server.Tests.Apis;

public sealed class FreshDataDirectoryTests
{
    [Fact]
    public async Task A_trigger_on_a_fresh_machine_creates_the_limiters_data_directory_instead_of_failing()
    {
        var data = Path.Combine(Path.GetTempPath(), $"outreach-fresh-{Guid.NewGuid():N}", "limits");
        try
        {
            await using var server = await OutreachServer.StartAsync(Store.Sqlite, new Dictionary<string, string?> { ["Limits:DataDirectory"] = data });
            server.AddCampaign("welcome.yaml", TriggerApiTests.Welcome);
            (await server.CreateClient(Scopes.Ingest).PutAsJsonAsync("/customers/vip-1",
                new { name = "Li", phone = "+8613800138000", tags = new[] { "vip" }, consent = new { sms = "opted_in" } })).EnsureSuccessStatusCode();

            var response = await server.CreateClient(Scopes.Trigger).PostAsJsonAsync("/campaigns/welcome/trigger", new { customerId = "vip-1" });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("sent", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
            Assert.True(File.Exists(Path.Combine(data, "limiter.journal")));
        }
        finally
        {
            if (Directory.Exists(Path.GetDirectoryName(data))) Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
        }
    }
}
