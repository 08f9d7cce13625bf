using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Monitoring.Domain;
using Monitoring.Domain.Topology;
using Monitoring.Gateway;
using Monitoring.Gateway.Demo;
using Monitoring.Gateway.Ingest;
using Monitoring.Gateway.Metrics;
using Monitoring.Grains.Disruptions;
using Monitoring.Grains.Incidents;
using Monitoring.Grains.Persistence;
using Monitoring.Hosting;

namespace Monitoring.Tests.Unit;

/// <summary>Every settings type says what is wrong with it, naming the setting, and a host with a wrong setting does not start.</summary>
public sealed class SettingsValidationTests
{
    public static TheoryData<Type> SettingsTypes()
    {
        var types = new[] { typeof(IValidatedOptions).Assembly, typeof(CheckpointOptions).Assembly, typeof(OrleansHostingOptions).Assembly, typeof(IngestOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && typeof(IValidatedOptions).IsAssignableFrom(t));
        return new TheoryData<Type>(types);
    }

    [Theory]
    [MemberData(nameof(SettingsTypes))]
    public void The_defaults_of_every_settings_type_are_valid(Type type)
    {
        var settings = (IValidatedOptions)Activator.CreateInstance(type)!;

        Assert.Empty(settings.Problems());
    }

    public static TheoryData<object, string> WrongSettings() => new()
    {
        { new IngestOptions { MaxInFlightBatchesPerStream = 49 }, "Ingest:MaxInFlightBatchesPerStream must be 1..48" },
        { new IngestOptions { ApplyTimeout = TimeSpan.FromMilliseconds(10) }, "Ingest:ApplyTimeout must be at least 1 second" },
        { new DemoOptions { Enabled = true, Interval = TimeSpan.FromMilliseconds(10) }, "Demo:Interval must be between 100 ms and 1 hour" },
        { new DemoOptions { Enabled = true, FeedEndpoint = "localhost:8081" }, "Demo:FeedEndpoint 'localhost:8081' is not an http:// or https:// address" },
        { new MetricsOptions { RefreshInterval = TimeSpan.Zero }, "Metrics:RefreshInterval must be at least 1 second" },
        { new DisruptionIndexOptions { MaxRetained = 0 }, "DisruptionIndex:MaxRetained must be at least 1" },
        { new DisruptionIndexOptions { WriteDelay = TimeSpan.FromSeconds(2) }, "DisruptionIndex:WriteDelay must be between 0 and 1 second" },
        { new IncidentOptions { MaxRetained = 0 }, "Incidents:MaxRetained must be at least 1" },
        { new IncidentOptions { ImpactDelay = TimeSpan.FromMinutes(1) }, "Incidents:ImpactDelay must be between 0 and 30 seconds" },
        { new CheckpointOptions { Interval = TimeSpan.FromSeconds(2) }, "Checkpoint:Interval must be between 0 and 1 second" },
        { new OrleansHostingOptions { Store = ClusterStore.Redis }, "Orleans:Store is Redis but no Redis address is configured" },
        { new OrleansHostingOptions { SiloPort = 30000 }, "Orleans:SiloPort and Orleans:GatewayPort must differ" },
        { new OrleansHostingOptions { RedisWaitReplicas = -1 }, "Orleans:RedisWaitReplicas must be between 0 and 16" },
        { new OrleansHostingOptions { RedisWaitTimeout = TimeSpan.FromMilliseconds(10) }, "Orleans:RedisWaitTimeout must be between 100 ms and 30 s" },
        { new OrleansHostingOptions { Tls = new ClusterTls { CertificatePath = "/etc/hosts" } }, "Orleans:Tls:KeyPath is required with the others" },
        { new OrleansHostingOptions { Tls = new ClusterTls { CertificatePath = "/etc/hosts", KeyPath = "/etc/hosts", CaPath = "/no/such/ca.crt" } }, "Orleans:Tls:CaPath '/no/such/ca.crt' does not exist" },
        { new TracingOptions { OtlpEndpoint = "jaeger:4317" }, "Tracing:OtlpEndpoint must be an absolute URL" },
        { new TracingOptions { Protocol = "http" }, "Tracing:Protocol must be grpc or http/protobuf" },
        { new TracingOptions { SampleRatio = 2 }, "Tracing:SampleRatio must be between 0 and 1" },
        { new TopologyLimits { MaxDepth = 4 }, "Topology:Limits:MaxDepth must be at least 5" },
        { new GatewayOptions { MaxJsonBodyBytes = 1024 }, "Gateway:MaxJsonBodyBytes must be at least 65536" },
    };

    [Theory]
    [MemberData(nameof(WrongSettings))]
    public void A_wrong_setting_is_named_in_the_problem(object settings, string problem) =>
        Assert.Contains(((IValidatedOptions)settings).Problems(), p => p.StartsWith(problem, StringComparison.Ordinal));

    [Fact]
    public async Task A_gateway_with_a_wrong_setting_refuses_to_start_and_names_it()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = typeof(GatewayHostingExtensions).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Demo:Enabled"] = "false",
            ["Ingest:MaxInFlightBatchesPerStream"] = "100",
            ["Checkpoint:Interval"] = "00:00:05",
        });
        builder.AddMonitoringGateway();
        await using var app = builder.Build();
        app.MapMonitoringGateway();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        var problems = (refused is AggregateException all ? all.InnerExceptions : [refused]).OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains(problems, p => p.StartsWith("Ingest:MaxInFlightBatchesPerStream must be 1..48", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Checkpoint:Interval must be between 0 and 1 second", StringComparison.Ordinal));
    }
}
