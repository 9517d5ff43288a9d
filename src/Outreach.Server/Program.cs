using Outreach.Server.Apis;
using Outreach.Server.Extensions;
using Outreach.Server.Metrics;

ServerExtensions.ExitOnConfigurationProblems();
var builder = WebApplication.CreateBuilder(ServerExtensions.HostOptions(args));
builder.AddOutreachServer();

var app = builder.Build();
app.CheckSettings();
if (!app.TakeTheCaps(out var refusal))
{
    // Another process keeps the embedded caps in this data folder; 75 is EX_TEMPFAIL, as the CLI answers.
    Console.Error.WriteLine(refusal);
    return 75;
}
app.WarnOfMissingSetup();
app.UseOutreachMetrics();
app.UseOutreachServer();

app.MapHealthApi();
app.MapWebhooksApi();
app.MapCustomersApi();
app.MapCustomerHistoryApi();
app.MapEventsApi();
app.MapTriggerApi();
app.MapCampaignsApi();
app.MapDashboardApi();
app.MapResultsApi();
app.MapListsApi();

await app.MigrateOutreachStoreAsync();
app.LoadOutreachCampaigns();
app.Run();
return 0;

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
