using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Client;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// A real cluster on loopback: redis-server with an append-only file, silos and gateways run from their
/// build output with Orleans:Store=Redis. Each test owns one, in its own directory, and disposes it.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public const string AdminKey = "demo-admin-key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<ProcessHost> _all = [];
    private readonly string _clusterId = $"fault-{Guid.NewGuid():N}"[..20];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public LocalCluster(string name)
    {
        Directory = Path.Combine(RepoPaths.Root, "artifacts", "cluster-logs", $"{name}-{DateTime.UtcNow:HHmmss}");
        System.IO.Directory.CreateDirectory(Directory);
        RedisPort = FreePorts.Next();
    }

    public string Directory { get; }

    public int RedisPort { get; }

    public ProcessHost? Redis { get; private set; }

    public List<Silo> Silos { get; } = [];

    public List<Gateway> Gateways { get; } = [];

    public sealed record Silo(ProcessHost Process, int SiloPort, int GatewayPort, int HttpPort);

    public sealed record Gateway(ProcessHost Process, int HttpPort, int GrpcPort)
    {
        public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

        public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");
    }

    /// <summary>
    /// With a password, Redis admits only the ACL user "monitoring" with it (the default user is off), and every silo and
    /// gateway connects as that user. Set before <see cref="StartRedisAsync"/>.
    /// </summary>
    public string? RedisPassword { get; set; }

    /// <summary>With these certificates, Redis listens on TLS only and every silo and gateway connects over TLS trusting its CA.</summary>
    public ClusterPki? RedisTls { get; set; }

    /// <summary>Starts redis-server (AOF, fsync on every write) on the cluster's port, in the cluster's directory.</summary>
    public async Task StartRedisAsync()
    {
        var data = Path.Combine(Directory, "redis");
        System.IO.Directory.CreateDirectory(data);
        string[] acl = RedisPassword is { } password ? ["--user", "default", "off", "--user", "monitoring", "on", $">{password}", "~*", "&*", "+@all"] : [];
        string[] port = RedisTls is { } tls
            ? ["--port", "0", "--tls-port", RedisPort.ToString(), "--tls-cert-file", tls.CertificatePath, "--tls-key-file", tls.KeyPath, "--tls-ca-cert-file", tls.CaPath, "--tls-auth-clients", "no"]
            : ["--port", RedisPort.ToString()];
        Redis = Track(ProcessHost.Start($"redis-{_all.Count}", Directory, "redis-server",
            [.. port, "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no", .. acl]));
        await Poll.UntilAsync(async () => await RedisPingAsync(), StartTimeout, "redis-server to answer");
    }

    public async Task<Silo> StartSiloAsync()
    {
        var silo = new Silo(null!, FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var process = Track(ProcessHost.Start($"silo-{Silos.Count + 1}", Directory, "dotnet",
            [Output("silo/Monitoring.Silo", "Monitoring.Silo.dll"), .. Common(), $"--Orleans:SiloPort={silo.SiloPort}", $"--Orleans:GatewayPort={silo.GatewayPort}",
                $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{silo.HttpPort}"], workingDirectory: RepoPaths.Output("silo/Monitoring.Silo")));
        silo = silo with { Process = process };
        Silos.Add(silo);
        await Poll.UntilAsync(async () => (await _http.GetAsync($"http://127.0.0.1:{silo.HttpPort}/readyz")).IsSuccessStatusCode, StartTimeout, $"{process.Name} to be ready ({Directory})");
        return silo;
    }

    public async Task<Gateway> StartGatewayAsync(int? httpPort = null, int? grpcPort = null)
    {
        var gateway = new Gateway(null!, httpPort ?? FreePorts.Next(), grpcPort ?? FreePorts.Next());
        var process = Track(ProcessHost.Start($"gateway-{Gateways.Count + 1}", Directory, "dotnet",
            [Output("gateway/Monitoring.Gateway", "Monitoring.Gateway.dll"), .. Common(), "--Gateway:EmbeddedSilo=false", "--Demo:Enabled=false",
                $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{gateway.HttpPort}", $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{gateway.GrpcPort}"],
            // Development: the demo keys (the tests act as admin with them).
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, RepoPaths.Output("gateway/Monitoring.Gateway")));
        gateway = gateway with { Process = process };
        Gateways.Add(gateway);
        await Poll.UntilAsync(async () => (await _http.GetAsync(new Uri(gateway.HttpAddress, "/readyz"))).IsSuccessStatusCode, StartTimeout, $"{process.Name} to be ready ({Directory})");
        return gateway;
    }

    /// <summary>Applies a topology document through a gateway, as an admin.</summary>
    public static async Task ApplyTopologyAsync(Gateway gateway, string yaml)
    {
        using var channel = GrpcChannels.Create(gateway.GrpcAddress);
        var client = new TopologyService.TopologyServiceClient(channel);
        await client.ApplyTopologyAsync(new ApplyTopologyRequest { Yaml = yaml, SourceName = "fault-test.yaml" }, Admin, deadline: DateTime.UtcNow.AddMinutes(2));
    }

    public static Metadata Admin => new() { { "authorization", $"Bearer {AdminKey}" } };

    /// <summary>Observations a node has applied (each counted once however often it was sent), read through a gateway.</summary>
    public async Task<long> ObservationsAppliedAsync(Gateway gateway, string node)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>(new Uri(gateway.HttpAddress, $"/api/v1/nodes/{node}"));
        return json.TryGetProperty("observations_applied", out var applied) ? long.Parse(applied.ToString()) : 0;
    }

    /// <summary>The sum of a silo's series whose name starts with <paramref name="prefix"/> (from its /metrics).</summary>
    public async Task<double> MetricAsync(Silo silo, string prefix)
    {
        var metrics = await _http.GetStringAsync($"http://127.0.0.1:{silo.HttpPort}/metrics");
        return metrics.Split('\n')
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Node grains active on a silo, from its Orleans metrics (orleans_grains{grain_type="supplynode"}).</summary>
    public async Task<int> NodeGrainsOnAsync(Silo silo)
    {
        var metrics = await _http.GetStringAsync($"http://127.0.0.1:{silo.HttpPort}/metrics");
        return metrics.Split('\n')
            .Where(l => l.StartsWith("orleans_grains{", StringComparison.Ordinal) && l.Contains("grain_type=\"supplynode\"", StringComparison.Ordinal))
            .Sum(l => (int)double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<JsonElement> GetJsonAsync(Gateway gateway, string path) => await _http.GetFromJsonAsync<JsonElement>(new Uri(gateway.HttpAddress, path));

    public async Task<bool> RedisPingAsync()
    {
        string[] auth = RedisPassword is { } password ? ["--user", "monitoring", "--pass", password, "--no-auth-warning"] : [];
        string[] tls = RedisTls is { } pki ? ["--tls", "--cacert", pki.CaPath] : [];
        var result = await ExternalTool.RunAsync("redis-cli", ["-p", RedisPort.ToString(), .. tls, .. auth, "ping"]);
        return result.Output.Trim() == "PONG";
    }

    /// <summary>Stops redis-server cleanly (SHUTDOWN: the append-only file is flushed) and waits for it to exit.</summary>
    public async Task StopRedisAsync()
    {
        if (Redis is null) return;
        await Redis.StopAsync();
    }

    /// <summary>Arguments every silo and gateway started from now on gets too (the cluster's TLS settings, say).</summary>
    public List<string> ExtraArguments { get; } = [];

    private IEnumerable<string> Common() =>
    [
        "--Orleans:Store=Redis",
        $"--Orleans:Redis=127.0.0.1:{RedisPort}{(RedisPassword is { } password ? $",user=monitoring,password={password}" : "")}{(RedisTls is null ? "" : $",ssl=true,sslHost={ClusterPki.MemberName}")}",
        .. (RedisTls is { } tls ? new[] { $"--Orleans:RedisCaPath={tls.CaPath}" } : []), $"--Orleans:ClusterId={_clusterId}", $"--Orleans:ServiceId={_clusterId}",
        "--Orleans:AdvertisedAddress=127.0.0.1", "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", .. ExtraArguments,
    ];

    private static string Output(string project, string assembly) => Path.Combine(RepoPaths.Output(project), assembly);

    private ProcessHost Track(ProcessHost process)
    {
        _all.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_all))
        {
            try
            {
                await process.DisposeAsync();
            }
            catch (Exception)
            {
                // Keep stopping the others.
            }
        }
        _http.Dispose();
    }
}
