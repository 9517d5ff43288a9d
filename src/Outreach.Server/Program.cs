using Outreach.Server.Apis;
using Outreach.Server.Extensions;
using Outreach.Server.Metrics;

ServerExtensions.ExitOnStartProblems();
var builder = WebApplication.CreateBuilder(ServerExtensions.HostOptions(args));
builder.AddOutreachServer();

var app = builder.Build();
app.CheckSettings();
app.TakeTheCaps();
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

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
