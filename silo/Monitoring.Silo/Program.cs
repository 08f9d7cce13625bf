using Monitoring.Hosting;
using Monitoring.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddMonitoringSilo();
builder.AddMonitoringObservability();
builder.AddMonitoringTracing("monitoring-silo");
builder.Services.AddHealthChecks().AddCheck<SiloReadiness>("silo", tags: [ObservabilityExtensions.ReadyTag]);

var app = builder.Build();
app.MapMonitoringHealth();
app.Run();
