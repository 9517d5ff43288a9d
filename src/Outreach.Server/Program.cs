using Outreach.Server.Apis;
using Outreach.Server.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddOutreachServer();

var app = builder.Build();
app.UseOutreachServer();

app.MapHealthApi();
app.MapWebhooksApi();

await app.MigrateOutreachStoreAsync();
app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
