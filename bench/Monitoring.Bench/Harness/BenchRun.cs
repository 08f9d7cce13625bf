using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Monitoring.Api.V1;
using Monitoring.Bench.Load;
using Monitoring.Bench.Workloads;
using Monitoring.Client;

namespace Monitoring.Bench.Harness;

/// <summary>
/// The benchmark run of docs/benchmarks.md: in one run, the null sink, the null grain and then the platform, each driven
/// by a separate load process with the same workload; prints progress while it runs and the table at the end.
/// </summary>
public sealed class BenchRun(BenchOptions options, TextWriter console)
{
    /// <summary>The demo admin key of Development (docs/security.md): the harness applies the topology and publishes as admin.</summary>
    private const string AdminKey = "demo-admin-key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _runDirectory = Path.Combine(Paths.Root, "artifacts", "bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    public string RunDirectory => _runDirectory;

    public async Task<IReadOnlyList<PhaseResult>> RunAsync(CancellationToken token)
    {
        Directory.CreateDirectory(_runDirectory);
        var workload = new Workload(options.Load.Workload, options.Load.Nodes, options.Load.Lanes, options.Load.Feeds);
        console.WriteLine($"workload {options.Load.Workload}: {workload.Nodes:N0} nodes, {workload.Lanes:N0} lanes, {options.Load.Feeds} feeds, " +
            $"{Workload.ObservationsPerBatch} observations per batch over {Workload.SubjectsPerBatch} subjects; warm-up {options.Load.Warmup.TotalSeconds:0} s, measured {options.Load.Duration.TotalSeconds:0} s");
        console.WriteLine($"machine: {Environment.ProcessorCount} cores, {MachineMemoryGiB():0.#} GiB, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; logs in {_runDirectory}");

        var results = new List<PhaseResult>();
        if (!options.SkipNullSink) results.Add(await NullSinkAsync(token));
        if (!options.SkipNullGrain) results.Add(await PlatformAsync(workload, nullGrains: true, token));
        results.Add(await PlatformAsync(workload, nullGrains: false, token));
        await File.WriteAllTextAsync(Path.Combine(_runDirectory, "results.json"), JsonSerializer.Serialize(new { options = OptionsForResults(), results }, Json), token);
        return results;
    }

    private async Task<PhaseResult> NullSinkAsync(CancellationToken token)
    {
        var port = Paths.FreePort();
        console.WriteLine($"\n== null sink (parses each batch and acks it) on 127.0.0.1:{port}");
        await using var sink = ChildProcess.Start("null-sink", SelfCommand.File, [.. SelfCommand.Arguments, "null-sink", "--port", port.ToString(CultureInfo.InvariantCulture)], _runDirectory);
        await WaitAsync(() => Task.FromResult(CanConnect(port)), "the null sink to listen");
        return await DriveAsync("null sink", new Uri($"http://127.0.0.1:{port}"), rate: 0, watch: false, [sink], metricsFrom: null, gatewayMetrics: null, redisPort: null, token);
    }

    /// <param name="nullGrains">
    /// The null-grain target: the same processes, topology and workload, but every subject-batch goes to a grain that
    /// returns at once (Ingest:NullGrains), so the run shows what one grain call per subject-batch costs by itself.
    /// </param>
    private async Task<PhaseResult> PlatformAsync(Workload workload, bool nullGrains, CancellationToken token)
    {
        var processes = new List<ChildProcess>();
        var prefix = nullGrains ? "null-grain-" : "";
        var data = Path.Combine(_runDirectory, prefix + "redis");
        try
        {
            int? redisPort = null;
            string[] common = ["--Demo:Enabled=false", "--Logging:LogLevel:Default=Warning", "--Orleans:Dashboard:Enabled=false", .. options.PlatformSettings,
                .. nullGrains ? ["--Ingest:NullGrains=true"] : Array.Empty<string>()];
            Uri? siloMetrics = null;
            var silos = new Dictionary<string, Uri>();
            var gatewayHttp = Paths.FreePort();
            var gatewayGrpc = Paths.FreePort();
            if (options.Mode == PlatformMode.Cluster)
            {
                redisPort = Paths.FreePort();
                Directory.CreateDirectory(data);
                console.WriteLine($"\n== {(nullGrains ? "null grain" : "platform")}, cluster mode: redis-server (AOF, appendfsync always) :{redisPort}, {options.Silos} silo(s), one gateway");
                processes.Add(ChildProcess.Start(prefix + "redis", "redis-server",
                    ["--port", redisPort.Value.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no"],
                    _runDirectory));
                await WaitAsync(async () => (await RedisCliAsync(redisPort.Value, "ping")).Trim() == "PONG", "redis-server to answer");
                var clusterId = $"bench-{Guid.NewGuid():N}"[..16];
                string[] cluster = ["--Orleans:Store=Redis", $"--Orleans:Redis=127.0.0.1:{redisPort}", $"--Orleans:ClusterId={clusterId}", $"--Orleans:ServiceId={clusterId}", "--Orleans:AdvertisedAddress=127.0.0.1"];
                for (var i = 1; i <= options.Silos; i++)
                {
                    var siloHttp = Paths.FreePort();
                    var siloName = prefix + (i == 1 ? "silo" : $"silo-{i}");
                    processes.Add(ChildProcess.Start(siloName, "dotnet",
                        [Paths.Output("silo/Monitoring.Silo", "Monitoring.Silo.dll"), .. cluster, .. common, $"--Orleans:SiloPort={Paths.FreePort()}", $"--Orleans:GatewayPort={Paths.FreePort()}",
                            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{siloHttp}"],
                        _runDirectory, PlatformEnvironment, Paths.Output("silo/Monitoring.Silo")));
                    silos[siloName] = new Uri($"http://127.0.0.1:{siloHttp}/metrics");
                    await WaitAsync(async () => (await _http.GetAsync($"http://127.0.0.1:{siloHttp}/readyz", token)).IsSuccessStatusCode, $"{siloName} to be ready");
                }
                siloMetrics = silos.Values.First();
                processes.Add(StartGateway(prefix + "gateway", [.. cluster, .. common, "--Gateway:EmbeddedSilo=false"], gatewayHttp, gatewayGrpc));
            }
            else
            {
                console.WriteLine($"\n== {(nullGrains ? "null grain" : "platform")}, embedded mode: one gateway process with its silo, in-memory storage");
                processes.Add(StartGateway(prefix + "gateway", [.. common, $"--Orleans:SiloPort={Paths.FreePort()}", $"--Orleans:GatewayPort={Paths.FreePort()}"], gatewayHttp, gatewayGrpc));
                siloMetrics = new Uri($"http://127.0.0.1:{gatewayHttp}/metrics");
            }
            await WaitAsync(async () => (await _http.GetAsync($"http://127.0.0.1:{gatewayHttp}/readyz", token)).IsSuccessStatusCode, "the gateway to be ready");

            var target = new Uri($"http://127.0.0.1:{gatewayGrpc}");
            var applying = Stopwatch.StartNew();
            var applied = await ApplyTopologyAsync(target, workload.TopologyYaml(), token);
            console.WriteLine($"topology applied in {applying.Elapsed.TotalSeconds:0.0} s: {applied.NodeCount:N0} nodes, {applied.LaneCount:N0} lanes");
            var name = (nullGrains, options.Mode) switch
            {
                (true, PlatformMode.Cluster) => "null grain (cluster)",
                (true, _) => "null grain (embedded)",
                (false, PlatformMode.Cluster) => "platform (cluster, durable)",
                _ => "platform (embedded)",
            };
            // The null grain detects nothing: no Watch stream. It runs flat out, like the null sink.
            var phase = await DriveAsync(name, target, nullGrains ? 0 : options.Load.Rate, watch: !nullGrains,
                processes, siloMetrics, new Uri($"http://127.0.0.1:{gatewayHttp}/metrics"), redisPort, token);
            if (silos.Count == 0) return phase;
            // How Orleans spread the node and lane grains over the silos (read after the window, before stopping).
            var grains = new Dictionary<string, double>();
            foreach (var (silo, metrics) in silos) grains[silo] = Metrics.SubjectGrains(await _http.GetStringAsync(metrics, token));
            phase = phase with { GrainsPerSilo = grains };
            console.WriteLine(PerSilo(phase));
            return phase;
        }
        finally
        {
            // Gateway first, Redis last: nothing is left writing to a store that is gone.
            for (var i = processes.Count - 1; i >= 0; i--) await processes[i].DisposeAsync();
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Development only for the marked demo keys; everything else (server GC included) as deployed.</summary>
    private static readonly Dictionary<string, string> PlatformEnvironment = new() { ["ASPNETCORE_ENVIRONMENT"] = "Development" };

    private ChildProcess StartGateway(string name, IEnumerable<string> settings, int httpPort, int grpcPort) =>
        ChildProcess.Start(name, "dotnet",
            [Paths.Output("gateway/Monitoring.Gateway", "Monitoring.Gateway.dll"), .. settings,
                $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}", $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}"],
            _runDirectory, PlatformEnvironment, Paths.Output("gateway/Monitoring.Gateway"));

    private async Task<ApplyTopologyResponse> ApplyTopologyAsync(Uri target, string yaml, CancellationToken token)
    {
        using var channel = GrpcChannels.Create(target);
        var client = new TopologyService.TopologyServiceClient(channel);
        return await client.ApplyTopologyAsync(new ApplyTopologyRequest { Yaml = yaml, SourceName = "bench.yaml" },
            new Grpc.Core.Metadata { { "authorization", $"Bearer {AdminKey}" } }, deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: token);
    }

    /// <summary>Runs the load process against a target, showing its progress; measures the target's CPU (and store) over the measured window.</summary>
    private async Task<PhaseResult> DriveAsync(string name, Uri target, double rate, bool watch, IReadOnlyList<ChildProcess> measured,
        Uri? metricsFrom, Uri? gatewayMetrics, int? redisPort, CancellationToken token)
    {
        LoadResult? result = null;
        var heapTimeline = new List<double>();
        var interactive = !Console.IsOutputRedirected;

        string[] arguments =
        [
            .. SelfCommand.Arguments, "load", "--target", target.ToString(), .. (options.Load with { Rate = rate }).Arguments(),
            "--api-key", AdminKey, .. watch ? ["--watch"] : Array.Empty<string>(),
        ];
        Task<Readings>? atStart = null, atEnd = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loadName = "load-" + (metricsFrom is null ? "null-sink" : name.StartsWith("null grain", StringComparison.Ordinal) ? "null-grain" : "platform");
        ChildProcess? load = null;
        // Readings of the platform are taken when the load process marks the window, so CPU, Redis, GC and
        // the gateway's histogram cover the same seconds as the load's own counts.
        Task<Readings> Read() => ReadAsync(measured, load!, redisPort, gatewayMetrics, metricsFrom == gatewayMetrics ? null : metricsFrom, token);
        load = ChildProcess.Start(loadName, SelfCommand.File, arguments, _runDirectory, onLine: line =>
        {
            if (line == LoadProtocol.WindowStart) atStart = Read();
            else if (line == LoadProtocol.WindowEnd) atEnd = Read();
            else if (line.StartsWith(LoadProtocol.Progress, StringComparison.Ordinal))
            {
                var p = JsonSerializer.Deserialize<LoadProgress>(line[LoadProtocol.Progress.Length..], Json)!;
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: {p.Elapsed,5:0}s {(p.Measuring ? "measuring" : "warm-up  ")} {p.ObservationsPerSecond,12:N0} obs/s  ack p50 {p.AckP50,7:0.0} ms  p99 {p.AckP99,7:0.0} ms  unacked {p.Unacked,4}  detections {p.Detections}");
                if (interactive) console.Write("\r" + text.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 160) : 0));
                else console.WriteLine(text);
            }
            else if (line.StartsWith(LoadProtocol.Result, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<LoadResult>(line[LoadProtocol.Result.Length..], Json);
                done.TrySetResult();
            }
        });
        await using (load)
        {
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(token);
            var sampling = metricsFrom is null ? Task.CompletedTask : SampleHeapAsync(metricsFrom, heapTimeline, stopSampling.Token);
            // The load ends by itself after warm-up + duration and at most a minute of flushing; a hung one is not waited for forever.
            var limit = options.Load.Warmup + options.Load.Duration + TimeSpan.FromMinutes(3);
            await Task.WhenAny(done.Task, load.WaitForExitAsync(token)).WaitAsync(limit, token);
            await stopSampling.CancelAsync();
            await sampling;
            await load.WaitForExitAsync(token).WaitAsync(TimeSpan.FromMinutes(2), token);
            if (interactive) console.WriteLine();
            if (result is null || atStart is null || atEnd is null)
            {
                throw new InvalidOperationException($"the load process ended (exit code {load.ExitCode}) without a result; see {Path.Combine(_runDirectory, loadName + ".log")}");
            }
            var (first, last) = (await atStart, await atEnd);

            var wall = (last.At - first.At).TotalSeconds;
            var cores = last.Cpu.ToDictionary(c => c.Key, c => (c.Value - first.Cpu.GetValueOrDefault(c.Key)).TotalSeconds / wall);
            // The silo's scrape at the window's end (the gateway's, which hosts the silo, when embedded).
            var siloAtEnd = last.Silo ?? last.Gateway;
            double? heap = siloAtEnd is null ? null : Metrics.ManagedHeapBytes(siloAtEnd);
            double? grains = siloAtEnd is null ? null : Metrics.SubjectGrains(siloAtEnd);
            double? writes = null, commands = null;
            Dictionary<string, long>? redisCommands = null;
            if (first.Redis is not null && last.Redis is not null && result.ObservationsAcked > 0)
            {
                var delta = last.Redis.ToDictionary(c => c.Key, c => c.Value - first.Redis.GetValueOrDefault(c.Key));
                writes = delta.Where(c => c.Key is "evalsha" or "eval" or "set" or "hset").Sum(c => c.Value) / (double)result.ObservationsAcked;
                commands = delta.Values.Sum() / (double)result.ObservationsAcked;
                redisCommands = delta.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ToDictionary();
            }
            var phase = new PhaseResult(name, result, wall, cores, heap, grains, writes, commands, redisCommands, heapTimeline,
                first.Gateway is not null && last.Gateway is not null ? DetectionHistogram.Parse(last.Gateway).Since(DetectionHistogram.Parse(first.Gateway)) : null,
                GcPauses(wall, ("gateway", first.Gateway, last.Gateway), ("silo", first.Silo, last.Silo)));
            console.WriteLine(Describe(phase));
            return phase;
        }
    }

    /// <summary>What the harness reads of the target at a window mark: CPU at once, then Redis and /metrics.</summary>
    private sealed record Readings(DateTimeOffset At, Dictionary<string, TimeSpan> Cpu, Dictionary<string, long>? Redis, string? Gateway, string? Silo);

    private async Task<Readings> ReadAsync(IReadOnlyList<ChildProcess> measured, ChildProcess load, int? redisPort, Uri? gateway, Uri? silo, CancellationToken token)
    {
        var at = DateTimeOffset.UtcNow;
        var cpu = CpuOf(measured, load);
        var redis = redisPort is { } port ? await RedisCommandsAsync(port) : null;
        var gatewayScrape = gateway is null ? null : await _http.GetStringAsync(gateway, token);
        var siloScrape = silo is null ? null : await _http.GetStringAsync(silo, token);
        return new Readings(at, cpu, redis, gatewayScrape, siloScrape);
    }

    private static string Describe(PhaseResult p)
    {
        var l = p.Load;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"  {p.Target}: {l.ObservationsPerSecond:N0} obs/s ({l.Batches:N0} batches acked in {l.Seconds:0} s, {l.ObservationsRejected} rejected); ack p50 {l.Ack.P50:0.0} ms, p99 {l.Ack.P99:0.0} ms");
        if (l.Detection.Count > 0) text += string.Create(CultureInfo.InvariantCulture, $"; detection p50 {l.Detection.P50:0.0} ms, p99 {l.Detection.P99:0.0} ms ({l.Detection.Count} events, {l.DetectionsLate} late, not timed)");
        if (p.ServerDetection is { Count: > 0 } server)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; at the gateway (receipt → event): {server.WithinFiftyMs:P1} within 50 ms, p50 ≤ {server.P50UpperBound * 1000:0} ms, p99 ≤ {server.P99UpperBound * 1000:0} ms");
        }
        foreach (var (process, gc) in p.Gc) text += string.Create(CultureInfo.InvariantCulture, $"; {process} GC paused {gc.PausedShare:P1} of the time, {gc.Gen2Collections:0} full collections");
        text += "; CPU " + string.Join(", ", p.CpuCores.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:0.00}")));
        if (p.HeapBytes is { } heap && p.SubjectGrains is > 0) text += string.Create(CultureInfo.InvariantCulture, $"; heap {heap / 1048576:N0} MiB over {p.SubjectGrains:N0} subject grains = {heap / p.SubjectGrains / 1024:0.0} KiB each");
        if (p.HeapTimeline.Count >= 6)
        {
            // Long runs (a soak): the heap after the last collection, sampled every 10 s, as lowest–highest per
            // minute; the lowest follow the live data, the highest the collector's sawtooth.
            var perMinute = p.HeapTimeline.Chunk(6).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Min() / 1048576:N0}–{c.Max() / 1048576:N0}"));
            text += $"; heap by minute (MiB, lowest–highest of 6 samples): {string.Join(" ", perMinute)}";
        }
        if (p.StateWritesPerObservation is { } w)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; Redis state writes per observation {w:0.0000} ({p.RedisCommandsPerObservation:0.0000} commands: ")
                + string.Join(", ", p.RedisCommands!.Take(5).Select(c => $"{c.Key} {c.Value}")) + ")";
        }
        return text;
    }

    /// <summary>Per silo: its grains, its CPU and the subject-batches it took (the batches' subjects, shared out by its grains).</summary>
    private static string PerSilo(PhaseResult p)
    {
        var subjectBatches = p.Load.Batches * (double)Workload.SubjectsPerBatch / p.Load.Seconds;
        var total = p.GrainsPerSilo!.Values.Sum();
        return "  per silo: " + string.Join("; ", p.GrainsPerSilo.Select(g =>
        {
            var share = total > 0 ? g.Value / total : 0;
            var cores = p.CpuCores.GetValueOrDefault(g.Key);
            var rate = subjectBatches * share;
            return string.Create(CultureInfo.InvariantCulture,
                $"{g.Key} {g.Value:N0} grains ({share:P0}), about {rate:N0} subject-batches/s on {cores:0.00} cores ({(rate > 0 ? cores / rate * 1e6 : 0):0} µs each)");
        }));
    }

    private static Dictionary<string, GcActivity> GcPauses(double wall, params (string Name, string? Start, string? End)[] scrapes)
    {
        var gc = new Dictionary<string, GcActivity>();
        foreach (var (name, start, end) in scrapes)
        {
            if (start is null || end is null) continue;
            var paused = Metrics.Sum(end, "dotnet_gc_pause_time_seconds_total") - Metrics.Sum(start, "dotnet_gc_pause_time_seconds_total");
            var gen2 = Metrics.Sum(end, "dotnet_gc_collections_total", "gen2") - Metrics.Sum(start, "dotnet_gc_collections_total", "gen2");
            gc[name] = new GcActivity(paused / wall, gen2);
        }
        return gc;
    }

    private async Task SampleHeapAsync(Uri metrics, List<double> timeline, CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            do
            {
                try
                {
                    timeline.Add(Metrics.ManagedHeapBytes(await _http.GetStringAsync(metrics, token)));
                }
                catch (Exception e) when (!token.IsCancellationRequested && e is HttpRequestException or TaskCanceledException)
                {
                    // A slow or failed scrape loses one sample, not the timeline.
                }
            }
            while (await timer.WaitForNextTickAsync(token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static Dictionary<string, TimeSpan> CpuOf(IReadOnlyList<ChildProcess> processes, ChildProcess load)
    {
        var cpu = processes.ToDictionary(p => p.Name, p => p.CpuTime);
        cpu["load"] = load.CpuTime;
        return cpu;
    }

    /// <summary>Calls per command since Redis started (INFO commandstats).</summary>
    private static async Task<Dictionary<string, long>> RedisCommandsAsync(int port)
    {
        var calls = new Dictionary<string, long>();
        foreach (var line in (await RedisCliAsync(port, "info", "commandstats")).Split('\n'))
        {
            // cmdstat_evalsha:calls=123,usec=...
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = line[(colon + 1)..].Split(',')[0];
            if (value.StartsWith("calls=", StringComparison.Ordinal)) calls[line[8..colon]] = long.Parse(value[6..], CultureInfo.InvariantCulture);
        }
        return calls;
    }

    private static async Task<string> RedisCliAsync(int port, params string[] command)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-p", port.ToString(CultureInfo.InvariantCulture), .. command]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
            }
            if (deadline.Elapsed > StartTimeout) throw new TimeoutException($"gave up waiting for {what} after {StartTimeout.TotalSeconds:0} s; see the logs in {_runDirectory}");
            await Task.Delay(200);
        }
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static double MachineMemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    private object OptionsForResults() => new
    {
        workload = options.Load.Workload.ToString(),
        mode = options.Mode.ToString(),
        options.Silos,
        options.Load.Nodes,
        options.Load.Lanes,
        options.Load.Feeds,
        warmup_s = options.Load.Warmup.TotalSeconds,
        duration_s = options.Load.Duration.TotalSeconds,
        options.Load.Rate,
        options.PlatformSettings,
        cores = Environment.ProcessorCount,
        memory_gib = MachineMemoryGiB(),
    };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
