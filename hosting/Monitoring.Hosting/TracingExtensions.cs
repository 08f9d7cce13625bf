using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Contracts.Diagnostics;
using Monitoring.Hosting.Settings;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Monitoring.Hosting;

/// <summary>OpenTelemetry tracing by OTLP when Tracing:OtlpEndpoint is set (<see cref="TracingOptions"/>); nothing otherwise.</summary>
public static class TracingExtensions
{
    /// <param name="serviceName">What the trace viewer lists the process under, for example <c>monitoring-gateway</c>.</param>
    public static IHostApplicationBuilder AddMonitoringTracing(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddValidatedOptions<TracingOptions>(builder.Configuration);
        var options = builder.Configuration.GetValidated<TracingOptions>();
        if (!options.Enabled) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                .SetSampler(new TraceSampler(options.SampleRatio))
                .AddSource(MonitoringTracing.SourceName)
                // Grain calls between silos and gateways, and grain-state reads and writes (Orleans' own sources).
                .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.StorageActivitySourceName)
                .AddOtlpExporter(otlp =>
                {
                    otlp.Protocol = options.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    var endpoint = new Uri(options.OtlpEndpoint!);
                    // The HTTP exporter posts to the address as given: add the standard path to a bare host.
                    otlp.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/" ? new Uri(endpoint, "v1/traces") : endpoint;
                }));
        return builder;
    }

    /// <summary>Whether grain calls should carry trace context (Orleans' activity propagation): only while tracing is on.</summary>
    public static bool TracingEnabled(this IHostApplicationBuilder builder) => builder.Configuration.GetValidated<TracingOptions>().Enabled;
}
