using Outreach.Server.Apis;
using Outreach.Server.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddOutreachServer();

var app = builder.Build();
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

await app.MigrateOutreachStoreAsync();
app.LoadOutreachCampaigns();
app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
