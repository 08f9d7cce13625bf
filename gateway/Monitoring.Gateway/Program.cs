using Monitoring.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddMonitoringGateway();

var app = builder.Build();
app.MapMonitoringGateway();
app.Run();

/// <summary>Entry point; public so tests can host the gateway with WebApplicationFactory.</summary>
public partial class Program;
