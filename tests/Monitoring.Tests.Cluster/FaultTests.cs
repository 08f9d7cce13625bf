using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Client;
using Xunit.Abstractions;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// Cluster mode under faults (issue 7): real redis-server, silos and gateways as separate processes on
/// loopback. Nothing acknowledged is lost, nothing is counted twice: every node's applied-observation
/// counter must equal the observations of the batches the provider had acked. Figures go to the test
/// output and to artifacts/cluster-logs/reliability.txt (docs/reliability.md).
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private const int Mines = 12;
    private static readonly IReadOnlyList<string> Nodes = Enumerable.Range(0, Mines).Select(i => $"fault.mine.{i:00}").ToList();
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Silos and their clients speak mutual TLS with certificates of the cluster's CA (Orleans:Tls): ingest flows through
    /// two silos and a gateway, and a process without such a certificate is cut off on a silo's ports.
    /// </summary>
    [Fact]
    public async Task A_cluster_on_mutual_tls_serves_through_two_silos_and_cuts_off_a_peer_without_its_certificate()
    {
        await using var cluster = new LocalCluster("tls");
        var pki = ClusterPki.Create(cluster.Directory);
        cluster.ExtraArguments.AddRange(pki.Arguments);
        await cluster.StartRedisAsync();
        var silo = await cluster.StartSiloAsync();
        await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, Topology());

        await using var feed = await SteadyFeedAsync("fault-tls-feed", gateway.GrpcAddress);
        await feed.WaitForAcksAsync(40, feed.Elapsed, Deadline, "acks through the cluster on TLS");
        await feed.StopAndFlushAsync(Deadline);

        await AssertExactlyOnceAsync(cluster, gateway, feed);
        // Each silo answers the other's membership probes: the silos talk to each other over TLS too.
        foreach (var member in cluster.Silos)
        {
            await Poll.UntilAsync(async () => await cluster.MetricAsync(member, "orleans_messaging_pings_received") > 0, Deadline, $"silo on {member.SiloPort} probed by the other");
        }
        foreach (var port in new[] { silo.SiloPort, silo.GatewayPort })
        {
            Assert.False(await ClusterPki.ConnectionSurvivesAsync(port, pki.Stranger), $"port {port} kept a stranger's connection");
            Assert.False(await ClusterPki.ConnectionSurvivesAsync(port, null), $"port {port} kept a connection without a certificate");
        }
        Assert.True(await ClusterPki.ConnectionSurvivesAsync(silo.GatewayPort, pki.Member), "a member's connection is kept (the check can tell)");
    }

    /// <summary>
    /// Redis over TLS only, with an ACL user and password (the default user off): the cluster connects over TLS as that
    /// user, trusting Redis's CA; a client without TLS, without the password or with a wrong one is refused.
    /// </summary>
    [Fact]
    public async Task A_redis_on_tls_with_a_password_refuses_clients_without_them_while_the_cluster_runs_as_its_user()
    {
        await using var cluster = new LocalCluster("redis-acl") { RedisPassword = "a-long-redis-password-for-the-test" };
        cluster.RedisTls = ClusterPki.Create(cluster.Directory);
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, Topology());

        await using var feed = await SteadyFeedAsync("fault-acl-feed", gateway.GrpcAddress);
        await feed.WaitForAcksAsync(20, feed.Elapsed, Deadline, "acks with Redis behind a password");
        await feed.StopAndFlushAsync(Deadline);
        await AssertExactlyOnceAsync(cluster, gateway, feed);

        var port = cluster.RedisPort.ToString();
        var cleartext = await ExternalTool.RunAsync("redis-cli", ["-p", port, "--user", "monitoring", "--pass", "a-long-redis-password-for-the-test", "--no-auth-warning", "ping"]);
        var anonymous = await ExternalTool.RunAsync("redis-cli", ["-p", port, "--tls", "--cacert", cluster.RedisTls.CaPath, "ping"]);
        var wrong = await ExternalTool.RunAsync("redis-cli", ["-p", port, "--tls", "--cacert", cluster.RedisTls.CaPath, "--user", "monitoring", "--pass", "guessed", "--no-auth-warning", "ping"]);
        Assert.DoesNotContain("PONG", cleartext.Output);
        Assert.Contains("NOAUTH", anonymous.Output);
        Assert.Contains("WRONGPASS", wrong.Output);
    }

    /// <summary>
    /// Redis as the deployments run it: a primary, two replicas and a Sentinel, on TLS with a password. The primary is cut
    /// off from its replicas, takes writes they never get, and is killed; the Sentinel promotes a replica and the cluster
    /// follows it; the former primary, started again, rejoins as a replica. Nothing acked is lost because a write counts as stored only once a replica has it
    /// (Orleans:RedisWaitReplicas): without that, the batches acked during the cut are gone and the counts fall short.
    /// </summary>
    [Fact]
    public async Task Killing_the_redis_primary_after_its_replicas_fell_behind_fails_over_and_loses_no_acked_observation()
    {
        await using var cluster = new LocalCluster("redis-failover") { RedisPassword = "a-long-redis-password-for-the-test", RedisReplicas = 2 };
        cluster.RedisTls = ClusterPki.Create(cluster.Directory);
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, Topology());
        var (acknowledged, _) = await DeclareAndAcknowledgeAsync(gateway, "fault.port");
        await using var feed = await SteadyFeedAsync("fault-failover-feed", gateway.GrpcAddress);

        var cutAt = feed.Elapsed;
        var offset = await cluster.CutReplicationAsync();
        // The primary goes on taking the feed's writes that no replica has (a batch writes the state of a dozen nodes, several KB).
        // Not for long: the Sentinel promotes no replica that lost its primary more than ten down-after periods (20 s) before it died.
        await Poll.UntilAsync(async () => await cluster.ReplicationOffsetAsync(cluster.RedisPort) > offset + 16 * 1024, Deadline, "writes only the primary has");
        var unreplicated = await cluster.ReplicationOffsetAsync(cluster.RedisPort) - offset;
        var killedAt = feed.Elapsed;
        await cluster.Redis!.KillAsync();
        await Poll.UntilAsync(async () => await cluster.SentinelPrimaryPortAsync() != cluster.RedisPort, Deadline, "the Sentinel to promote a replica");
        var promotedAt = feed.Elapsed;
        await feed.WaitForAcksAsync(40, killedAt, Deadline, "acks to flow again after the failover");
        await feed.StopAndFlushAsync(Deadline);

        // The former primary, started again as the deployments start it, rejoins as a replica of the primary the
        // Sentinel names now (on a loaded machine the Sentinel may have failed over once more meanwhile).
        cluster.RestartFirstPrimary();
        await Poll.UntilAsync(async () => await cluster.RedisCliAsync(cluster.RedisPort, "info", "replication") is var info
            && info.Contains("role:slave") && info.Contains($"master_port:{await cluster.SentinelPrimaryPortAsync()}") && info.Contains("master_link_status:up"),
            Deadline, "the former primary to rejoin as a replica");

        await AssertExactlyOnceAsync(cluster, gateway, feed);
        var after = await DisruptionAsync(gateway, acknowledged);
        Assert.Equal("DISRUPTION_STATE_ACKNOWLEDGED", after.GetProperty("state").GetString());
        Report("Redis primary kill -9 after its replicas were cut off (Sentinel failover, writes confirmed by 1 replica)", feed,
            $"the primary took {unreplicated / 1024.0:0} KB no replica got in the {(killedAt - cutAt).TotalSeconds:0.0} s before the kill; " +
            $"replica promoted {(promotedAt - killedAt).TotalSeconds:0.0} s after the kill; ingest stalled {LongestGap(feed.AckTimes, cutAt).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Killing_one_of_two_silos_mid_stream_loses_no_acked_observation_and_counts_none_twice()
    {
        await using var cluster = new LocalCluster("silo-kill");
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, Topology());
        var (acknowledged, incident) = await DeclareAndAcknowledgeAsync(gateway, "fault.port");

        await using var feed = await SteadyFeedAsync("fault-silo-feed", gateway.GrpcAddress);

        // Kill the silo holding more of the node grains (each silo exports its activations per grain type).
        var hosted = await Task.WhenAll(cluster.Silos.Select(s => cluster.NodeGrainsOnAsync(s)));
        var doomed = cluster.Silos[Array.IndexOf(hosted, hosted.Max())];
        Assert.True(hosted.Max() >= 1, "the killed silo hosts node grains");
        var killedAt = feed.Elapsed;
        await doomed.Process.KillAsync();
        await feed.WaitForAcksAsync(40, killedAt, Deadline, "acks to flow again after the kill");
        await feed.StopAndFlushAsync(Deadline);

        var stall = LongestGap(feed.AckTimes, killedAt);
        await AssertExactlyOnceAsync(cluster, gateway, feed);
        var after = await DisruptionAsync(gateway, acknowledged);
        Assert.Equal("DISRUPTION_STATE_ACKNOWLEDGED", after.GetProperty("state").GetString());
        Assert.Contains(after.GetProperty("history").EnumerateArray(), h => h.GetProperty("reason").GetString() == "crew on site");
        var incidentAfter = await IncidentAsync(gateway, incident);
        Assert.Equal("INCIDENT_STATE_ACKNOWLEDGED", incidentAfter.GetProperty("state").GetString());
        Assert.Equal(Mines + 1, incidentAfter.GetProperty("disruption_count").GetInt32());
        Assert.Contains(incidentAfter.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == "port authority called");
        Report("silo kill -9 (1 of 2 silos)", feed, $"the killed silo held {hosted.Max()} of the node grains; ingest stalled {stall.TotalSeconds:0.0} s after the kill (longest gap between acks); the acknowledged incident and its {Mines + 1} members survived");
    }

    [Fact]
    public async Task Stopping_one_of_two_silos_gracefully_mid_stream_hands_its_grains_over_without_loss()
    {
        await using var cluster = new LocalCluster("silo-stop");
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, Topology());

        await using var feed = await SteadyFeedAsync("fault-stop-feed", gateway.GrpcAddress);

        var hosted = await Task.WhenAll(cluster.Silos.Select(s => cluster.NodeGrainsOnAsync(s)));
        var leaving = cluster.Silos[Array.IndexOf(hosted, hosted.Max())];
        var stoppedAt = feed.Elapsed;
        await leaving.Process.StopAsync();
        await feed.WaitForAcksAsync(40, stoppedAt, Deadline, "acks to flow after the silo left");
        await feed.StopAndFlushAsync(Deadline);

        await AssertExactlyOnceAsync(cluster, gateway, feed);
        Report("silo SIGTERM (1 of 2 silos, graceful)", feed, $"the leaving silo held {hosted.Max()} of the node grains; ingest stalled {LongestGap(feed.AckTimes, stoppedAt).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Killing_the_gateway_mid_stream_the_feeder_resumes_on_the_second_gateway_without_loss_or_duplicates()
    {
        await using var cluster = new LocalCluster("gateway-kill");
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        var doomed = await cluster.StartGatewayAsync();
        var second = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(second, Topology());

        await using var feed = await SteadyFeedAsync("fault-gateway-feed", doomed.GrpcAddress, second.GrpcAddress);

        var killedAt = feed.Elapsed;
        await doomed.Process.KillAsync();
        await feed.WaitForAcksAsync(40, killedAt, Deadline, "acks through the second gateway");
        await feed.StopAndFlushAsync(Deadline);

        Assert.True(feed.Statistics.Reconnects >= 1, "the feeder reconnected");
        await AssertExactlyOnceAsync(cluster, second, feed);
        Report("gateway kill -9 (1 of 2 gateways)", feed, $"ingest stalled {LongestGap(feed.AckTimes, killedAt).TotalSeconds:0.0} s after the kill");
    }

    [Fact]
    public async Task Restarting_redis_fails_ingest_cleanly_with_unavailable_and_it_resumes_by_itself()
    {
        await using var cluster = new LocalCluster("redis-restart");
        await cluster.StartRedisAsync();
        var silo = await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, Topology());

        await using var feed = await SteadyFeedAsync("fault-redis-feed", gateway.GrpcAddress);

        var stoppedAt = feed.Elapsed;
        await cluster.StopRedisAsync();
        // A batch published while Redis is down is refused with UNAVAILABLE (never INTERNAL), and nothing
        // crashes. (To the port, outside the steady feed's count: refused batches may still be applied, and
        // a provider resending them is acked a duplicate.)
        var refused = await Assert.ThrowsAsync<RpcException>(() => PublishOnceAsync(gateway, "fault-redis-probe", "fault.port"));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.False(silo.Process.HasExited, "the silo is still running");
        Assert.False(gateway.Process.HasExited, "the gateway is still running");

        await cluster.StartRedisAsync();
        var restartedAt = feed.Elapsed;
        await feed.WaitForAcksAsync(40, restartedAt, Deadline, "acks to flow again after Redis is back");
        await feed.StopAndFlushAsync(Deadline);

        await AssertExactlyOnceAsync(cluster, gateway, feed);
        var firstAfter = feed.AckTimes.First(t => t > restartedAt) - restartedAt;
        Report("Redis stop and restart", feed, $"Redis down {(restartedAt - stoppedAt).TotalSeconds:0.0} s; first ack {firstAfter.TotalSeconds:0.0} s after it was back; probe batch refused with {refused.StatusCode}");
    }

    [Fact]
    public async Task Stopping_and_restarting_everything_keeps_the_topology_the_disruptions_and_their_history()
    {
        await using var cluster = new LocalCluster("full-restart");
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, Topology());
        var (acknowledged, incident) = await DeclareAndAcknowledgeAsync(gateway, "fault.port");
        await using (var feed = new SteadyFeed("fault-restart-feed", [gateway.GrpcAddress], Nodes, Interval))
        {
            feed.Start();
            await feed.WaitForAcksAsync(20, TimeSpan.Zero, Deadline, "some acked batches");
            await feed.StopAndFlushAsync(Deadline);
        }
        var applied = await Task.WhenAll(Nodes.Select(n => cluster.ObservationsAppliedAsync(gateway, n)));
        var before = await DisruptionAsync(gateway, acknowledged);
        var incidentBefore = await IncidentAsync(gateway, incident);

        foreach (var g in cluster.Gateways) await g.Process.StopAsync();
        foreach (var s in cluster.Silos) await s.Process.StopAsync();
        await cluster.StopRedisAsync();
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        var restarted = await cluster.StartGatewayAsync();

        var topology = await cluster.GetJsonAsync(restarted, "/api/v1/topology");
        Assert.Equal(Mines + 1, topology.GetProperty("topology").GetProperty("nodes").GetArrayLength());
        Assert.Equal(applied, await Task.WhenAll(Nodes.Select(n => cluster.ObservationsAppliedAsync(restarted, n))));
        var after = await DisruptionAsync(restarted, acknowledged);
        Assert.Equal(before.GetProperty("state").GetString(), after.GetProperty("state").GetString());
        Assert.Equal(before.GetProperty("history").GetRawText(), after.GetProperty("history").GetRawText());
        var incidentAfter = await IncidentAsync(restarted, incident);
        foreach (var field in new[] { "state", "owner", "title", "disruption_ids", "timeline" })
        {
            Assert.Equal(incidentBefore.GetProperty(field).GetRawText(), incidentAfter.GetProperty(field).GetRawText());
        }
        var listed = await cluster.GetJsonAsync(restarted, "/api/v1/incidents");
        Assert.Contains(listed.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("id").GetString() == incident);
        Report("stop and restart everything", null, $"topology ({Mines + 1} nodes), {applied.Sum()} applied observations, the acknowledged disruption with its {after.GetProperty("history").GetArrayLength()} history entries and its incident with {incidentAfter.GetProperty("timeline").GetArrayLength()} timeline entries all back");
    }

    /// <summary>Every node applied exactly the observations of the batches acked to the provider.</summary>
    private async Task AssertExactlyOnceAsync(LocalCluster cluster, LocalCluster.Gateway gateway, SteadyFeed feed)
    {
        Assert.Equal(feed.Sent, feed.Acked.Values.Sum());
        foreach (var node in Nodes)
        {
            var applied = await cluster.ObservationsAppliedAsync(gateway, node);
            var acked = feed.Acked.GetValueOrDefault(node);
            Assert.True(applied == acked, $"{node}: applied {applied} observations, the provider had {acked} acked ({(applied > acked ? "counted twice" : "lost")})");
        }
    }

    /// <summary>A feed publishing to <paramref name="gateways"/>, once it is acknowledged steadily (40 acks).</summary>
    private static async Task<SteadyFeed> SteadyFeedAsync(string name, params Uri[] gateways)
    {
        var feed = new SteadyFeed(name, gateways, Nodes, Interval);
        try
        {
            feed.Start();
            await feed.WaitForAcksAsync(40, TimeSpan.Zero, Deadline, "a steady stream of acks");
            return feed;
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
    }

    /// <summary>A declared flood at the port (an incident with its blocked lanes), its disruption and its incident acknowledged.</summary>
    private static async Task<(string Disruption, string Incident)> DeclareAndAcknowledgeAsync(LocalCluster.Gateway gateway, string node)
    {
        await PublishOnceAsync(gateway, $"declare-{node}", new Observation
        {
            ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Report = new DisruptionReport { SubjectId = node, ReportId = "flood-1", Cause = Cause.Weather, Severity = Severity.Critical, ExpectedDuration = Duration.FromTimeSpan(TimeSpan.FromDays(3)), Message = "pit flooded" },
        });
        using var channel = GrpcChannels.Create(gateway.GrpcAddress);
        var client = new MonitoringService.MonitoringServiceClient(channel);
        var id = (await client.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = node, Kind = DisruptionKind.Declared })).Disruptions.Single().Id;
        await client.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = id, Note = "crew on site", Actor = "fault test" }, LocalCluster.Admin);
        var incident = await Poll.UntilAsync(async () => (await client.ListIncidentsAsync(new ListIncidentsRequest())).Incidents
            .FirstOrDefault(i => i.RootSubjectId == node && i.DisruptionCount == Mines + 1), Deadline, "the port's incident with its blocked lanes");
        await client.AcknowledgeIncidentAsync(new AcknowledgeIncidentRequest { IncidentId = incident.Id, Note = "port authority called", Actor = "fault test" }, LocalCluster.Admin);
        return (id, incident.Id);
    }

    private static async Task<JsonElement> IncidentAsync(LocalCluster.Gateway gateway, string id)
    {
        using var channel = GrpcChannels.Create(gateway.GrpcAddress);
        var client = new MonitoringService.MonitoringServiceClient(channel);
        var incident = (await client.GetIncidentAsync(new GetIncidentRequest { IncidentId = id })).Incident;
        return JsonDocument.Parse(new Google.Protobuf.JsonFormatter(Google.Protobuf.JsonFormatter.Settings.Default.WithFormatDefaultValues(true)).Format(incident)).RootElement.Clone();
    }

    private static async Task<JsonElement> DisruptionAsync(LocalCluster.Gateway gateway, string id)
    {
        using var channel = GrpcChannels.Create(gateway.GrpcAddress);
        var client = new MonitoringService.MonitoringServiceClient(channel);
        var node = id.Split("--")[0];
        var list = await client.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = node, IncludeClosed = true });
        var disruption = list.Disruptions.Single(d => d.Id == id);
        return JsonDocument.Parse(Google.Protobuf.JsonFormatter.Default.Format(disruption)).RootElement.Clone();
    }

    private static Task PublishOnceAsync(LocalCluster.Gateway gateway, string feed, string node) =>
        PublishOnceAsync(gateway, feed, new Observation
        {
            ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Measurement = new NodeMeasurement { NodeId = node, Metric = Metric.HandledTpd, Value = 800 },
        });

    /// <summary>One batch on its own stream; throws the stream's status when it fails.</summary>
    private static async Task PublishOnceAsync(LocalCluster.Gateway gateway, string feed, Observation observation)
    {
        using var channel = GrpcChannels.Create(gateway.GrpcAddress);
        var client = new FeedService.FeedServiceClient(channel);
        using var call = client.Publish(LocalCluster.Admin, deadline: DateTime.UtcNow.AddSeconds(60));
        var request = new PublishRequest { FeedId = feed, Sequence = 1 };
        request.Observations.Add(observation);
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static TimeSpan LongestGap(IReadOnlyList<TimeSpan> acks, TimeSpan from)
    {
        var last = acks.LastOrDefault(t => t <= from, from);
        var longest = TimeSpan.Zero;
        foreach (var t in acks.Where(t => t > from))
        {
            if (t - last > longest) longest = t - last;
            last = t;
        }
        return longest;
    }

    private void Report(string scenario, SteadyFeed? feed, string figures)
    {
        var line = feed is null
            ? $"{DateTime.UtcNow:u} {scenario}: {figures}; lost 0, duplicates 0"
            : $"{DateTime.UtcNow:u} {scenario}: {feed.Sent} observations in {feed.Statistics.BatchesAcked} acked batches, " +
              $"{feed.Statistics.BatchesResent} batches resent, {feed.Statistics.DuplicateBatches} acked as duplicates, {feed.Statistics.Reconnects} reconnects; {figures}; lost 0, counted twice 0";
        output.WriteLine(line);
        var file = Path.Combine(RepoPaths.Root, "artifacts", "cluster-logs", "reliability.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.AppendAllText(file, line + Environment.NewLine);
    }

    private static string Topology()
    {
        var yaml = new StringBuilder("""
            name: fault-test
            description: mines and a port for the fault tests
            commodities:
              - {code: cu, name: Copper, unit: t}
            nodes:
              - id: fault.port
                name: Fault port
                kind: port
                country: CL
                lat: -23.6
                lon: -70.4
                operator: Test Port
                owner: fault-port
                commodities:
                  - {commodity: cu, stage: logistics, capacity_tpd: 20000}
                inventory_capacity_t: 100000
                recovery_days: 7
                report_interval_s: 3600
                expected_utilization: 0.8

            """);
        foreach (var node in Nodes)
        {
            yaml.Append($"""
                  - id: {node}
                    name: Mine {node}
                    kind: mine
                    country: CL
                    lat: -24.0
                    lon: -69.0
                    operator: Test Mining
                    owner: fault-mine
                    commodities:
                      - {"{"}commodity: cu, stage: extraction, capacity_tpd: 1000{"}"}
                    inventory_capacity_t: 20000
                    recovery_days: 14
                    report_interval_s: 3600
                    expected_utilization: 0.8

                """);
        }
        yaml.Append("lanes:\n");
        foreach (var node in Nodes)
        {
            yaml.Append($"  - {{id: lane.{node}, from: {node}, to: fault.port, commodity: cu, mode: road, baseline_transit_h: 8, capacity_tpd: 1000, owner: fault-shipping}}\n");
        }
        return yaml.ToString();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
