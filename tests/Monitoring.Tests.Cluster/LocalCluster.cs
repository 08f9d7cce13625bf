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

    /// <summary>
    /// With replicas, Redis runs as the deployments run it (deploy/redis/redis-ha.sh): a primary on <see cref="RedisPort"/>,
    /// this many replicas and a Sentinel that fails over to one of them, on TLS with a password (both required). Silos and
    /// gateways find the primary through the Sentinel, and a grain-state write counts as stored once one replica has it
    /// (Orleans:RedisWaitReplicas=1). Set before <see cref="StartRedisAsync"/>.
    /// </summary>
    public int RedisReplicas { get; set; }

    public int SentinelPort { get; } = FreePorts.Next();

    /// <summary>The name the Sentinel knows the primary by.</summary>
    public const string SentinelService = "monitoring";

    /// <summary>Starts redis-server (AOF, fsync on every write) on the cluster's port, in the cluster's directory; with replicas, them and the Sentinel too.</summary>
    public async Task StartRedisAsync()
    {
        if (RedisReplicas > 0)
        {
            await StartRedisGroupAsync();
            return;
        }
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

    private async Task StartRedisGroupAsync()
    {
        if (RedisPassword is null || RedisTls is null) throw new InvalidOperationException("Redis with replicas runs as deployed: set RedisPassword and RedisTls");
        Redis = StartRedisHa("node", "redis-primary", RedisPort);
        await Poll.UntilAsync(async () => await RedisPingAsync(RedisPort), StartTimeout, "the Redis primary to answer");
        for (var i = 0; i < RedisReplicas; i++)
        {
            var port = FreePorts.Next();
            StartRedisHa("node", $"redis-replica-{i + 1}", port);
            await Poll.UntilAsync(async () => await RedisPingAsync(port), StartTimeout, "a Redis replica to answer");
        }
        StartRedisHa("sentinel", "redis-sentinel", SentinelPort);
        await Poll.UntilAsync(async () => (await RedisCliAsync(SentinelPort, "sentinel", "replicas", SentinelService)).Split('\n').Count(l => l.Trim() == "slave") == RedisReplicas,
            StartTimeout, "the Sentinel to see every replica");
    }

    /// <summary>deploy/redis/redis-ha.sh on loopback, with its own data directory; a Sentinel that needs one vote and 2 s of silence.</summary>
    private ProcessHost StartRedisHa(string role, string name, int port)
    {
        var data = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(data);
        return Track(ProcessHost.Start(name, Directory, "sh", [RepoPaths.Deploy("redis", "redis-ha.sh"), role], new Dictionary<string, string>
        {
            ["REDIS_PASSWORD"] = RedisPassword!, ["REDIS_FIRST_PRIMARY"] = $"127.0.0.1:{RedisPort}", ["REDIS_SENTINELS"] = $"127.0.0.1:{SentinelPort}",
            ["REDIS_ANNOUNCE_HOST"] = "127.0.0.1", ["REDIS_PORT"] = port.ToString(), ["REDIS_TLS_DIR"] = RedisTls!.Directory,
            ["REDIS_DATA"] = data, ["REDIS_BIND"] = "127.0.0.1", ["SENTINEL_QUORUM"] = "1", ["SENTINEL_DOWN_AFTER"] = "2000",
        }));
    }

    /// <summary>Starts the first primary again (after it was killed): the script asks the Sentinel which node is primary now.</summary>
    public void RestartFirstPrimary() => Redis = StartRedisHa("node", "redis-primary", RedisPort);

    /// <summary>The primary's port as the Sentinel tells it (after a failover, a former replica's).</summary>
    public async Task<int> SentinelPrimaryPortAsync() =>
        int.Parse((await RedisCliAsync(SentinelPort, "sentinel", "get-master-addr-by-name", SentinelService)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);

    /// <summary>
    /// Cuts the primary off from its replicas (their user switched off, their connections closed): the primary keeps
    /// taking writes that no replica gets. Returns the primary's replication offset at the cut.
    /// </summary>
    public async Task<long> CutReplicationAsync()
    {
        if (RedisPassword is null) throw new InvalidOperationException("cutting replication needs the replicas' own user: set RedisPassword");
        await RedisCliAsync(RedisPort, "acl", "setuser", "replication", "off");
        await RedisCliAsync(RedisPort, "client", "kill", "type", "replica");
        await Poll.UntilAsync(async () => (await RedisCliAsync(RedisPort, "info", "replication")).Contains("connected_slaves:0"), StartTimeout, "the replicas to be cut off");
        return await ReplicationOffsetAsync(RedisPort);
    }

    /// <summary>How far a Redis's replication stream has got (master_repl_offset).</summary>
    public async Task<long> ReplicationOffsetAsync(int port)
    {
        var info = await RedisCliAsync(port, "info", "replication");
        var line = info.Split('\n').Single(l => l.StartsWith("master_repl_offset:", StringComparison.Ordinal));
        return long.Parse(line["master_repl_offset:".Length..].Trim());
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

    public Task<bool> RedisPingAsync() => RedisPingAsync(RedisPort);

    private async Task<bool> RedisPingAsync(int port) => (await RedisCliAsync(port, "ping")).Trim() == "PONG";

    /// <summary>redis-cli against one of the cluster's Redis or Sentinel ports, with its password and TLS.</summary>
    public async Task<string> RedisCliAsync(int port, params string[] command)
    {
        string[] auth = RedisPassword is { } password ? ["--user", "monitoring", "--pass", password, "--no-auth-warning"] : [];
        string[] tls = RedisTls is { } pki ? ["--tls", "--cacert", pki.CaPath] : [];
        return (await ExternalTool.RunAsync("redis-cli", ["-p", port.ToString(), .. tls, .. auth, .. command])).Output;
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
        $"--Orleans:Redis={RedisEndpoint}{(RedisPassword is { } password ? $",user=monitoring,password={password}" : "")}{(RedisTls is null ? "" : $",ssl=true,sslHost={ClusterPki.MemberName}")}",
        .. (RedisTls is { } tls ? new[] { $"--Orleans:RedisCaPath={tls.CaPath}" } : []), .. (RedisReplicas > 0 ? new[] { "--Orleans:RedisWaitReplicas=1" } : []), $"--Orleans:ClusterId={_clusterId}", $"--Orleans:ServiceId={_clusterId}",
        "--Orleans:AdvertisedAddress=127.0.0.1", "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", .. ExtraArguments,
    ];

    /// <summary>Redis's address, or the Sentinel's and the primary's name there.</summary>
    private string RedisEndpoint => RedisReplicas > 0 ? $"127.0.0.1:{SentinelPort},serviceName={SentinelService}" : $"127.0.0.1:{RedisPort}";

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
