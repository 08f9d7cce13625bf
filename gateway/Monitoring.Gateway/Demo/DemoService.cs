using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Topology;
using Monitoring.Gateway.Api;
using Monitoring.Gateway.Topology;
using Monitoring.Simulator;

namespace Monitoring.Gateway.Demo;

/// <summary>
/// The one-command demo: once the gateway is up, loads the demo topology and runs the feed
/// simulator (tools/Monitoring.Simulator, publishing through the client library) against this gateway's own gRPC port, like an outside provider.
/// </summary>
public sealed class DemoService(
    IOptions<DemoOptions> options,
    TopologyCommands topology,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    Security.RuntimeKeys keys,
    ILoggerFactory loggers,
    TimeProvider time)
    : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggers.CreateLogger<DemoService>();
    private volatile string? _problem = options.Value.Enabled ? "demo topology not loaded yet" : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        if (!demo.Enabled) return;
        // Stop feeding as soon as the gateway starts shutting down, before it closes the streams.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        stoppingToken = stopping.Token;
        try
        {
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).WaitAsync(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested) return;

            var path = ResolvePath(demo.Topology);
            var loaded = TopologyYaml.LoadFile(path);
            if (!loaded.Succeeded)
            {
                _problem = $"demo topology {path} is invalid";
                _logger.LogError("demo: {Path} is invalid:\n{Issues}", path, string.Join("\n", loaded.FormattedIssues));
                return;
            }
            var spec = loaded.Topology!;
            var result = await ApplyWithRetryAsync(spec, stoppingToken);
            _problem = null;
            _logger.LogInformation("demo: topology '{Name}' loaded from {Path}: {Nodes} nodes, {Lanes} lanes, {Commodities} commodities (version {Version})",
                spec.Name, path, result.NodeCount, result.LaneCount, result.CommodityCount, result.Version);

            if (!demo.Simulate) return;
            var endpoint = FeedEndpoint(demo, configuration);
            _logger.LogInformation("demo: feed simulator publishing to {Endpoint}", endpoint);
            // The simulator speaks for every provider of the demo: an admin key of this process only.
            var key = keys.Issue("demo-simulator", new Security.ApiKeyOptions { Role = Security.Roles.Admin });
            var runner = new DemoRunner(new DemoRunnerOptions
            {
                Endpoints = [endpoint], Interval = demo.Interval, ApiKey = key, TrustedCertificate = OwnCertificate(endpoint, configuration),
                LeaveAlone = demo.LeaveAlone.ToHashSet(StringComparer.Ordinal),
            }, loggers, time);
            await runner.RunAsync(ProtoMapping.ToProto(spec), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(_problem));

    private async Task<Contracts.TopologyApplyResult> ApplyWithRetryAsync(Contracts.TopologySpec spec, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return await topology.ApplyAsync(spec);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not Contracts.Grains.TopologyValidationException)
            {
                _logger.LogWarning("demo: could not apply the topology yet ({Error}); retrying", e.Message);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    private static string ResolvePath(string path) =>
        Path.IsPathRooted(path) || File.Exists(path) ? Path.GetFullPath(path) : Path.Combine(AppContext.BaseDirectory, path);

    /// <summary>
    /// Over https, the certificate this gateway serves on its gRPC endpoint (Kestrel:Endpoints:Grpc:Certificate:Path), which
    /// the simulator accepts though it connects by a local name the certificate need not carry.
    /// </summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2? OwnCertificate(Uri endpoint, IConfiguration configuration) =>
        endpoint.Scheme == Uri.UriSchemeHttps && configuration["Kestrel:Endpoints:Grpc:Certificate:Path"] is { Length: > 0 } path
            ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(path))
            : null;

    /// <summary>The simulator's target: Demo:FeedEndpoint, else the Kestrel "Grpc" endpoint with wildcard hosts made local.</summary>
    public static Uri FeedEndpoint(DemoOptions demo, IConfiguration configuration)
    {
        var url = EndpointUrls.ToLocal(demo.FeedEndpoint ?? configuration["Kestrel:Endpoints:Grpc:Url"]
            ?? throw new InvalidOperationException("Demo:Simulate needs Demo:FeedEndpoint or a Kestrel:Endpoints:Grpc:Url"));
        var uri = new Uri(url);
        if (uri.Port == 0) throw new InvalidOperationException($"the gRPC endpoint {url} has a dynamic port: set Demo:FeedEndpoint");
        return uri;
    }
}
