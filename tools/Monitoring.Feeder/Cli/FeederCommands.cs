using System.CommandLine;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Monitoring.Api.V1;
using Monitoring.Client;
using Monitoring.Simulator;

namespace Monitoring.Feeder.Cli;

/// <summary>The `feeder` command line: demo (simulate a topology) and topology apply/get.</summary>
public static class FeederCommands
{
    public const string DefaultGateway = "http://localhost:8081";
    public const string ApiKeyVariable = "MONITORING_API_KEY";

    public static RootCommand Build()
    {
        var gateway = new Option<string[]>("--gateway", "-g")
        {
            Description = $"Gateway gRPC address (HTTP/2, default {DefaultGateway}); repeat for fail-over",
            DefaultValueFactory = _ => [DefaultGateway],
            AllowMultipleArgumentsPerToken = true,
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"API key sent as 'authorization: Bearer <key>' (default: ${ApiKeyVariable})",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ApiKeyVariable),
        };

        var interval = new Option<string>("--interval") { Description = "Time between rounds of observations, e.g. 5s, 500ms", DefaultValueFactory = _ => "5s" };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long, e.g. 10m (default: until Ctrl+C)" };
        var demo = new Command("demo", "Simulate the gateway's topology: realistic readings with noise, shipments and scripted incidents")
        {
            gateway, apiKey, interval, duration,
        };
        demo.SetAction((parse, ct) => RunDemoAsync(Endpoints(parse.GetValue(gateway)!), parse.GetValue(apiKey),
            Durations.Parse(parse.GetValue(interval)!, "--interval"), parse.GetValue(duration) is { } d ? Durations.Parse(d, "--duration") : null, ct));

        var file = new Argument<FileInfo>("file") { Description = "Topology YAML, for example deploy/scenarios/chile-us.yaml" };
        var validateOnly = new Option<bool>("--validate-only") { Description = "Check the file on the gateway without applying it" };
        var apply = new Command("apply", "Validate and apply a topology file") { file, gateway, apiKey, validateOnly };
        apply.SetAction((parse, ct) => ApplyTopologyAsync(parse.GetValue(file)!, Endpoints(parse.GetValue(gateway)!)[0], parse.GetValue(apiKey), parse.GetValue(validateOnly), ct));

        var get = new Command("get", "Show the topology in force") { gateway, apiKey };
        get.SetAction((parse, ct) => ShowTopologyAsync(Endpoints(parse.GetValue(gateway)!)[0], parse.GetValue(apiKey), ct));

        return new RootCommand("Monitoring feeder: the reference data-provider client for the critical-minerals monitoring platform")
        {
            demo,
            new Command("topology", "Manage the supply-network topology") { apply, get },
        };
    }

    private static async Task<int> RunDemoAsync(IReadOnlyList<Uri> endpoints, string? apiKey, TimeSpan interval, TimeSpan? duration, CancellationToken ct)
    {
        using var loggers = CreateLoggers();
        var logger = loggers.CreateLogger("feeder");
        Topology topology;
        try
        {
            topology = await GetTopologyAsync(endpoints[0], apiKey, ct);
        }
        catch (RpcException e)
        {
            return Fail(logger, $"cannot read the topology from {endpoints[0]}: {e.StatusCode}: {e.Status.Detail}");
        }
        if (topology.Nodes.Count == 0)
        {
            return Fail(logger, $"the gateway at {endpoints[0]} has no topology yet: run 'feeder topology apply <file>' first");
        }
        var runner = new DemoRunner(new DemoRunnerOptions { Endpoints = endpoints, ApiKey = apiKey, Interval = interval, Duration = duration }, loggers);
        await runner.RunAsync(topology, ct);
        return 0;
    }

    private static async Task<int> ApplyTopologyAsync(FileInfo file, Uri endpoint, string? apiKey, bool validateOnly, CancellationToken ct)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"error: {file.FullName} does not exist");
            return 2;
        }
        var request = new ApplyTopologyRequest { Yaml = await File.ReadAllTextAsync(file.FullName, ct), SourceName = file.Name, ValidateOnly = validateOnly };
        using var channel = GrpcChannels.Create(endpoint);
        var client = new TopologyService.TopologyServiceClient(channel);
        try
        {
            var response = await client.ApplyTopologyAsync(request, Headers(apiKey), deadline: DateTime.UtcNow.AddMinutes(5), cancellationToken: ct);
            Console.WriteLine(validateOnly
                ? $"{file.Name} is valid: {response.NodeCount} nodes, {response.LaneCount} lanes, {response.CommodityCount} commodities (nothing applied)"
                : $"applied {file.Name} as topology version {response.Version}: {response.NodeCount} nodes, {response.LaneCount} lanes, {response.CommodityCount} commodities ({response.Added} added, {response.Updated} updated, {response.Removed} removed)");
            return 0;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"error: {e.StatusCode}: {e.Status.Detail}");
            return e.StatusCode == StatusCode.InvalidArgument ? 2 : 1;
        }
    }

    private static async Task<int> ShowTopologyAsync(Uri endpoint, string? apiKey, CancellationToken ct)
    {
        try
        {
            using var channel = GrpcChannels.Create(endpoint);
            var response = await new TopologyService.TopologyServiceClient(channel).GetTopologyAsync(new GetTopologyRequest(), Headers(apiKey), cancellationToken: ct);
            var t = response.Topology;
            Console.WriteLine(response.Version == 0
                ? "no topology applied yet"
                : $"topology '{t.Name}' version {response.Version}: {t.Nodes.Count} nodes, {t.Lanes.Count} lanes, commodities {string.Join(", ", t.Commodities.Select(c => c.Code))}"
                  + (t.Candidates.Count > 0 ? $", {t.Candidates.Count} candidate projects" : ""));
            return 0;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"error: {e.StatusCode}: {e.Status.Detail}");
            return 1;
        }
    }

    public static async Task<Topology> GetTopologyAsync(Uri endpoint, string? apiKey, CancellationToken ct)
    {
        using var channel = GrpcChannels.Create(endpoint);
        var response = await new TopologyService.TopologyServiceClient(channel)
            .GetTopologyAsync(new GetTopologyRequest(), Headers(apiKey), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
        return response.Topology ?? new Topology();
    }

    private static Metadata Headers(string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? [] : new Metadata { { "authorization", $"Bearer {apiKey}" } };

    private static IReadOnlyList<Uri> Endpoints(string[] values) =>
        values.Select(v => Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"--gateway '{v}' is not an http:// or https:// address")).ToList();

    private static ILoggerFactory CreateLoggers() => LoggerFactory.Create(b => b.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss ";
    }));

    private static int Fail(ILogger logger, string message)
    {
        logger.LogError("{Message}", message);
        return 1;
    }
}
