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
    public async Task The_compose_file_is_valid_and_runs_redis_with_an_append_only_file_two_silos_a_gateway_and_the_monitoring_stack()
    {
        var (exit, output) = await ExternalTool.RunAsync("docker-compose", ["-f", RepoPaths.Deploy("docker-compose.yml"), "config"],
            environment: new Dictionary<string, string> { ["MONITORING_ADMIN_KEY_SHA256"] = new string('0', 64) });

        Assert.True(exit == 0, output);
        var services = (YamlMappingNode)Load(output)["services"];
        Assert.Equal(["alertmanager", "gateway", "grafana", "prometheus", "redis", "silo1", "silo2"], services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.Contains("--appendonly", output);
        Assert.Contains("Orleans__Store: Redis", output);
    }

    [Fact]
    public async Task The_compose_file_refuses_to_start_the_gateway_without_an_admin_key()
    {
        var (exit, output) = await ExternalTool.RunAsync("docker-compose", ["-f", RepoPaths.Deploy("docker-compose.yml"), "config"], environment: new Dictionary<string, string> { ["MONITORING_ADMIN_KEY_SHA256"] = "" });

        Assert.NotEqual(0, exit);
        Assert.Contains("MONITORING_ADMIN_KEY_SHA256", output);
    }

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
        Assert.Contains("--appendonly", Find("StatefulSet", "redis").ToString());
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
