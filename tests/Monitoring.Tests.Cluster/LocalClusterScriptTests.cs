using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Monitoring.Tests.Cluster;

/// <summary>deploy/local/cluster.sh: starts a real cluster on loopback and stops exactly what it started.</summary>
[Collection(FaultCollection.Name)]
public sealed class LocalClusterScriptTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "deploy", "local", "cluster.sh");

    /// <summary>With --cluster-tls, silos and the gateway speak mutual TLS: the gateway serves the topology only through the silos.</summary>
    [Fact]
    public async Task The_script_starts_silos_and_a_gateway_on_redis_over_mutual_tls_and_stops_every_process_it_started()
    {
        var offset = FreeOffset();
        var state = Path.Combine(RepoPaths.Root, "artifacts", "cluster-logs", $"script-{DateTime.UtcNow:HHmmss}");
        var pki = ClusterPki.Create(Directory.CreateDirectory(state + "-pki").FullName);
        try
        {
            var started = await RunAsync(state, "start", "--silos", "2", "--gateways", "1", "--port-offset", offset.ToString(), "--no-build",
                "--cluster-tls", pki.Directory);
            Assert.True(started.ExitCode == 0, started.Output);
            Assert.Contains("mutual TLS", started.Output);

            using var http = new HttpClient();
            var overview = await http.GetStringAsync($"http://127.0.0.1:{8080 + offset}/api/v1/overview");
            Assert.Contains($"\"node_count\":{ScenarioNodeCount()}", overview.Replace(" ", ""));
            Assert.False(await ClusterPki.ConnectionSurvivesAsync(11111 + offset, null), "a silo kept a connection without a certificate");
            Assert.True(await ClusterPki.ConnectionSurvivesAsync(11111 + offset, pki.Member), "a silo kept a member's connection (the check can tell)");
            var pids = Directory.GetFiles(state, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim())).ToList();
            Assert.Equal(4, pids.Count);
            Assert.All(pids, pid => Assert.False(Process.GetProcessById(pid).HasExited));

            var stopped = await RunAsync(state, "stop");
            Assert.True(stopped.ExitCode == 0, stopped.Output);
            Assert.All(pids, pid => Assert.True(IsGone(pid), $"pid {pid} still runs"));
            Assert.Empty(Directory.GetFiles(state, "*.pid"));
        }
        finally
        {
            await RunAsync(state, "stop");
        }
    }

    private static bool IsGone(int pid)
    {
        try
        {
            return Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>An offset at which every port the script uses (2 silos, 1 gateway) is free.</summary>
    private static int FreeOffset()
    {
        for (var offset = 2000 + Random.Shared.Next(0, 200) * 50; ; offset += 50)
        {
            int[] ports = [6390, 11111, 11112, 30000, 30001, 8190, 8191, 8080, 8081];
            if (ports.All(p => IsFree(p + offset))) return offset;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Task<ExternalTool.Result> RunAsync(string state, params string[] arguments) =>
        ExternalTool.RunAsync("bash", [Script, .. arguments], environment: new Dictionary<string, string>
        {
            ["MONITORING_CLUSTER_DIR"] = state,
            ["CONFIGURATION"] = RepoPaths.BuildConfiguration,
        }, timeout: TimeSpan.FromMinutes(3));

    /// <summary>The nodes the demo scenario lists (entries of its <c>nodes:</c> section).</summary>
    private static int ScenarioNodeCount()
    {
        var lines = File.ReadAllLines(RepoPaths.ChileUsScenario);
        var start = Array.IndexOf(lines, "nodes:");
        var end = Array.IndexOf(lines, "lanes:");
        return lines[start..end].Count(l => l.StartsWith("  - id: ", StringComparison.Ordinal));
    }
}
