using YamlDotNet.RepresentationModel;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// deploy/: what can be validated without a Docker engine or a Kubernetes API server: yamllint on every
/// file, `docker-compose config`, the Dockerfiles' shape, and the Kubernetes objects the cluster needs.
/// </summary>
public sealed class DeployArtifactsTests
{
    [Fact]
    public async Task Every_yaml_file_under_deploy_passes_yamllint()
    {
        var (exit, output) = await ExternalTool.RunAsync("yamllint", ["-c", Path.Combine(RepoPaths.Root, ".yamllint"), RepoPaths.Deploy()]);

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task The_compose_file_is_valid_and_runs_redis_with_replicas_and_sentinels_two_silos_a_gateway_and_the_monitoring_stack_with_a_trace_viewer()
    {
        var (exit, output) = await ComposeConfigAsync(new string('0', 64), "a-grafana-password");

        Assert.True(exit == 0, output);
        var services = (YamlMappingNode)Load(output)["services"];
        Assert.Equal(["alertmanager", "gateway", "grafana", "jaeger", "prometheus", "redis", "redis-replica1", "redis-replica2", "sentinel1", "sentinel2", "sentinel3", "silo1", "silo2"],
            services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.Contains("Orleans__Store: Redis", output);
        // Three Redis nodes and three Sentinels, each started by the script the fault tests run, with its own volume.
        string Role(string name) => string.Join(' ', ((YamlSequenceNode)((YamlMappingNode)services[name])["command"]).Children.Select(Text));
        foreach (var name in new[] { "redis", "redis-replica1", "redis-replica2" }) Assert.Equal("sh /etc/monitoring/redis/redis-ha.sh node", Role(name));
        foreach (var name in new[] { "sentinel1", "sentinel2", "sentinel3" }) Assert.Equal("sh /etc/monitoring/redis/redis-ha.sh sentinel", Role(name));
        var environment = (YamlMappingNode)((YamlMappingNode)services["redis-replica2"])["environment"];
        Assert.Equal("redis-replica2", Text(environment["REDIS_ANNOUNCE_HOST"]));
        Assert.Equal("a-redis-password", Text(environment["REDIS_PASSWORD"]));
        // Silos and the gateway find the primary through the Sentinels, as the ACL user, and wait for a replica.
        foreach (var name in new[] { "silo1", "silo2", "gateway" })
        {
            var orleans = (YamlMappingNode)((YamlMappingNode)services[name])["environment"];
            Assert.Equal("sentinel1:26379,sentinel2:26379,sentinel3:26379,serviceName=monitoring,user=monitoring,password=a-redis-password,ssl=true,sslHost=monitoring-member",
                Text(orleans["Orleans__Redis"]));
            Assert.Equal("1", Text(orleans["Orleans__RedisWaitReplicas"]));
            // Each traces a share of the batches into Jaeger, by OTLP over gRPC.
            Assert.Equal("http://jaeger:4317", Text(orleans["Tracing__OtlpEndpoint"]));
        }
    }

    /// <summary>The script the deployments start Redis with: TLS only, the append-only file fsynced on every write, the default user off.</summary>
    [Fact]
    public void The_redis_script_runs_tls_only_with_an_append_only_file_and_acl_users()
    {
        var script = File.ReadAllText(RepoPaths.Deploy("redis", "redis-ha.sh"));

        Assert.Contains("--port 0 --tls-port", script);
        Assert.Contains("--appendonly yes --appendfsync always", script);
        Assert.Contains("--user default off", script);
        Assert.Contains("--user replication on \">$REDIS_PASSWORD\" +psync +sync +replconf +ping", script);
    }

    /// <summary>Least exposure: only the gateway answers beyond the machine, nobody reads without a key, Grafana has no default password.</summary>
    [Fact]
    public async Task The_compose_stack_publishes_only_the_gateway_beyond_the_machine_over_tls_and_reads_need_a_key()
    {
        var (exit, output) = await ComposeConfigAsync(new string('0', 64), "a-grafana-password");

        Assert.True(exit == 0, output);
        var services = (YamlMappingNode)Load(output)["services"];
        foreach (var name in new[] { "prometheus", "alertmanager", "grafana", "jaeger" })
        {
            var ports = (YamlSequenceNode)((YamlMappingNode)services[name])["ports"];
            // docker-compose 1.29 writes a port as host_ip:published:target/protocol.
            Assert.All(ports.Children, p => Assert.StartsWith("127.0.0.1:", Text(p)));
        }
        var gateway = (YamlMappingNode)((YamlMappingNode)services["gateway"])["environment"];
        Assert.Equal("", Text(gateway["Auth__AnonymousRole"]));
        Assert.Equal("https://0.0.0.0:8080", Text(gateway["Kestrel__Endpoints__Http__Url"]));
        Assert.Equal("https://0.0.0.0:8081", Text(gateway["Kestrel__Endpoints__Grpc__Url"]));
        Assert.Equal("/etc/monitoring/tls/gateway.key", Text(gateway["Kestrel__Endpoints__Grpc__Certificate__KeyPath"]));
        Assert.False(gateway.Children.ContainsKey("Metrics__OpenDisruptionSeries"));
        Assert.Equal("a-grafana-password", Text(((YamlMappingNode)((YamlMappingNode)services["grafana"])["environment"])["GF_SECURITY_ADMIN_PASSWORD"]));
        // Silos and the gateway speak mutual TLS with the cluster's certificates.
        foreach (var name in new[] { "silo1", "silo2", "gateway" })
        {
            var service = (YamlMappingNode)services[name];
            Assert.Equal("/etc/monitoring/cluster-tls/cluster-ca.crt", Text(((YamlMappingNode)service["environment"])["Orleans__Tls__CaPath"]));
            Assert.Contains(((YamlSequenceNode)service["volumes"]).Children, v => Text(v) == "/etc/monitoring-cluster-tls:/etc/monitoring/cluster-tls:ro");
        }
    }

    [Theory]
    [InlineData("", "a-grafana-password", "MONITORING_ADMIN_KEY_SHA256")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "", "GRAFANA_ADMIN_PASSWORD")]
    public async Task The_compose_file_refuses_to_start_without_an_admin_key_or_a_grafana_password(string adminKeyHash, string grafanaPassword, string named)
    {
        var (exit, output) = await ComposeConfigAsync(adminKeyHash, grafanaPassword);

        Assert.NotEqual(0, exit);
        Assert.Contains(named, output);
    }

    private static Task<ExternalTool.Result> ComposeConfigAsync(string adminKeyHash, string grafanaPassword) =>
        ExternalTool.RunAsync("docker-compose", ["-f", RepoPaths.Deploy("docker-compose.yml"), "config"],
            environment: new Dictionary<string, string>
            {
                ["MONITORING_ADMIN_KEY_SHA256"] = adminKeyHash, ["GRAFANA_ADMIN_PASSWORD"] = grafanaPassword, ["MONITORING_TLS_DIR"] = "/etc/monitoring-tls",
                ["MONITORING_CLUSTER_TLS_DIR"] = "/etc/monitoring-cluster-tls", ["MONITORING_REDIS_PASSWORD"] = "a-redis-password",
            });

    [Theory]
    [InlineData("silo.Dockerfile", "silo/Monitoring.Silo/Monitoring.Silo.csproj", "Monitoring.Silo.dll")]
    [InlineData("gateway.Dockerfile", "gateway/Monitoring.Gateway/Monitoring.Gateway.csproj", "Monitoring.Gateway.dll")]
    public void A_dockerfile_builds_in_one_stage_and_runs_its_project_as_a_non_root_user_in_another(string file, string project, string assembly)
    {
        var lines = File.ReadAllLines(RepoPaths.Deploy("docker", file)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.Contains("sdk:", stages[0].l);
        Assert.Contains("aspnet:", stages[1].l);
        var runtime = lines.Skip(stages[1].i).ToList();
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{assembly}\"]", runtime);
        Assert.Contains(lines, l => l.Contains($"dotnet publish {project}", StringComparison.Ordinal));
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            {
                Assert.True(File.Exists(Path.Combine(RepoPaths.Root, source)) || Directory.Exists(Path.Combine(RepoPaths.Root, source)), $"{file} copies {source}, which does not exist");
            }
        }
    }

    [Fact]
    public void The_kubernetes_manifests_advertise_pod_ips_probe_readiness_budget_disruptions_and_annotate_scrapes()
    {
        var objects = Directory.GetFiles(RepoPaths.Deploy("kubernetes"), "*.yaml")
            .SelectMany(f => { var s = new YamlStream(); using var r = new StreamReader(f); s.Load(r); return s.Documents.Select(d => (YamlMappingNode)d.RootNode); })
            .ToList();
        YamlMappingNode Find(string kind, string name) => objects.Single(o => Text(o["kind"]) == kind && Text(((YamlMappingNode)o["metadata"])["name"]) == name);

        foreach (var name in new[] { "monitoring-silo", "monitoring-gateway" })
        {
            var deployment = Find("Deployment", name);
            var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"]);
            var annotations = (YamlMappingNode)((YamlMappingNode)pod["metadata"])["annotations"];
            Assert.Equal("true", Text(annotations["prometheus.io/scrape"]));
            var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)pod["spec"])["containers"]).Children[0];
            Assert.Equal("/readyz", Text(((YamlMappingNode)((YamlMappingNode)container["readinessProbe"])["httpGet"])["path"]));
            Find("PodDisruptionBudget", name);
        }
        var silo = Find("Deployment", "monitoring-silo").ToString();
        Assert.Contains("status.podIP", silo);
        Assert.Contains("Orleans__AdvertisedAddress", silo);
        Find("Service", "monitoring-gateway");
        Find("ConfigMap", "monitoring-config");

        // Three Redis pods and three Sentinels, started by the script the fault tests run; silos and gateways find the
        // primary through the Sentinels as the ACL user with the password of the secret monitoring-redis, and wait for a replica.
        foreach (var (name, role) in new[] { ("redis", "node"), ("redis-sentinel", "sentinel") })
        {
            var set = Find("StatefulSet", name);
            Assert.Equal("3", Text(((YamlMappingNode)set["spec"])["replicas"]));
            Assert.Contains($"/etc/monitoring/redis/redis-ha.sh, {role}", set.ToString());
            Assert.Contains("monitoring-redis", set.ToString());
            Find("PodDisruptionBudget", name);
        }
        foreach (var name in new[] { "monitoring-silo", "monitoring-gateway" })
            Assert.Contains(":26379,serviceName=monitoring,user=monitoring,password=$(REDIS_PASSWORD),ssl=true", Find("Deployment", name).ToString());
        Assert.Contains("Orleans__RedisWaitReplicas, 1", Find("ConfigMap", "monitoring-config").ToString());

        // Silos and gateways speak mutual TLS with the cluster's certificates, from the secret monitoring-cluster-tls.
        Assert.Contains("Orleans__Tls__CaPath", Find("ConfigMap", "monitoring-config").ToString());
        foreach (var name in new[] { "monitoring-silo", "monitoring-gateway" }) Assert.Contains("monitoring-cluster-tls", Find("Deployment", name).ToString());

        // Gateways serve both ports over TLS from the secret monitoring-gateway-tls (cert-manager's kind of secret).
        var gateway = Find("Deployment", "monitoring-gateway").ToString();
        Assert.Contains("https://0.0.0.0:8081", gateway);
        Assert.Contains("/etc/monitoring/tls/tls.crt", gateway);
        Assert.Contains("monitoring-gateway-tls", gateway);
        Assert.Contains("HTTPS", gateway);
    }

    /// <summary>Least exposure in Kubernetes: ingress denied unless allowed; Redis and its Sentinels only from silos, gateways and each other; silos only from each other, gateways and Prometheus.</summary>
    [Fact]
    public void The_kubernetes_network_policies_deny_by_default_and_let_only_the_gateways_be_reached_from_outside()
    {
        var policies = Directory.GetFiles(RepoPaths.Deploy("kubernetes"), "*.yaml")
            .SelectMany(f => { var s = new YamlStream(); using var r = new StreamReader(f); s.Load(r); return s.Documents.Select(d => (YamlMappingNode)d.RootNode); })
            .Where(o => Text(o["kind"]) == "NetworkPolicy")
            .ToDictionary(o => Text(((YamlMappingNode)o["metadata"])["name"]), o => (YamlMappingNode)o["spec"]);
        string Selects(YamlMappingNode spec) => ((YamlMappingNode)spec["podSelector"]).Children.Count == 0 ? "*" : Text(((YamlMappingNode)((YamlMappingNode)spec["podSelector"])["matchLabels"])["app.kubernetes.io/name"]);
        IEnumerable<(string From, string Port)> Allowed(YamlMappingNode spec) => spec.Children.TryGetValue("ingress", out var ingress)
            ? ((YamlSequenceNode)ingress).Children.Cast<YamlMappingNode>().SelectMany(rule =>
                (rule.Children.TryGetValue("from", out var from) ? ((YamlSequenceNode)from).Children.Cast<YamlMappingNode>()
                    .Select(f => Text(((YamlMappingNode)((YamlMappingNode)f["podSelector"])["matchLabels"])["app.kubernetes.io/name"])) : ["anywhere"])
                .SelectMany(source => ((YamlSequenceNode)rule["ports"]).Children.Select(p => (source, Text(((YamlMappingNode)p)["port"])))))
            : [];

        var bySelected = policies.Values.ToDictionary(Selects, p => Allowed(p).Order().ToList());

        Assert.Empty(bySelected["*"]);
        Assert.Equal([("anywhere", "8080"), ("anywhere", "8081")], bySelected["monitoring-gateway"]);
        Assert.Equal([("monitoring-gateway", "30000"), ("monitoring-silo", "11111"), ("prometheus", "8090")], bySelected["monitoring-silo"]);
        Assert.Equal([("monitoring-gateway", "6379"), ("monitoring-silo", "6379"), ("redis", "6379"), ("redis-sentinel", "6379")], bySelected["redis"]);
        Assert.Equal([("monitoring-gateway", "26379"), ("monitoring-silo", "26379"), ("redis", "26379"), ("redis-sentinel", "26379")], bySelected["redis-sentinel"]);
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
