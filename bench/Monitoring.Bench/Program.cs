using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Monitoring.Bench.Harness;
using Monitoring.Bench.Load;
using Monitoring.Bench.Memory;
using Monitoring.Bench.NullSink;
using Monitoring.Bench.Workloads;
using Monitoring.Client;

// monitoring-bench: see docs/benchmarks.md. `run` is the harness; `load` and `null-sink` are the
// processes it starts; `memory` measures idle grains; `micro` runs the BenchmarkDotNet benchmarks.
var workload = new Option<WorkloadKind>("--workload", "-w") { Description = "W1 (all subjects alike) or W2 (hot spot: 100 nodes take 80 % of the traffic)", DefaultValueFactory = _ => WorkloadKind.W1 };
var nodes = new Option<int>("--nodes") { Description = "Nodes in the synthetic topology", DefaultValueFactory = _ => 10_000 };
var lanes = new Option<int>("--lanes") { Description = "Lanes in the synthetic topology", DefaultValueFactory = _ => 5_000 };
var feeds = new Option<int>("--feeds") { Description = "Concurrent feeds (one Publish stream each)", DefaultValueFactory = _ => 4 };
var warmup = new Option<string>("--warmup") { Description = "Load before measuring, e.g. 10s", DefaultValueFactory = _ => "10s" };
var duration = new Option<string>("--duration", "-d") { Description = "Measured time, e.g. 30s, 10m", DefaultValueFactory = _ => "30s" };
var rate = new Option<double>("--rate") { Description = "Observations per second sent to the platform (0: as fast as it acks)", DefaultValueFactory = _ => 0 };
var maxInFlight = new Option<int>("--max-in-flight") { Description = "Batches in flight per feed", DefaultValueFactory = _ => 32 };

var cluster = new Option<bool>("--cluster") { Description = "Platform in cluster mode: redis-server (AOF), a silo and a gateway as separate processes; durable acks" };
var silos = new Option<int>("--silos") { Description = "Silo processes in cluster mode (1-9)", DefaultValueFactory = _ => 1 };
var skipNullSink = new Option<bool>("--skip-null-sink") { Description = "Do not measure the null sink" };
var skipNullGrain = new Option<bool>("--skip-null-grain") { Description = "Do not measure the null grain (the platform's processes with grains that return at once)" };
var settings = new Option<string[]>("--set") { Description = "Platform setting for every platform process, Key=Value (e.g. Checkpoint:Interval=00:00:00.5); repeatable", AllowMultipleArgumentsPerToken = false };
var run = new Command("run", "The benchmark: null sink, null grain, then the platform, with the same workload from a separate load process; prints the table")
{
    workload, cluster, silos, nodes, lanes, feeds, warmup, duration, rate, skipNullSink, skipNullGrain, settings, maxInFlight,
};
run.SetAction(async (parse, ct) =>
{
    var options = new BenchOptions
    {
        Load = Shape(parse),
        Mode = parse.GetValue(cluster) ? PlatformMode.Cluster : PlatformMode.Embedded,
        Silos = parse.GetValue(silos) is >= 1 and <= 9 and var count ? count : throw new ArgumentException("--silos must be 1-9"),
        SkipNullSink = parse.GetValue(skipNullSink),
        SkipNullGrain = parse.GetValue(skipNullGrain),
        PlatformSettings = (parse.GetValue(settings) ?? []).Select(s => s.Contains('=', StringComparison.Ordinal)
            ? "--" + s
            : throw new ArgumentException($"--set '{s}' is not Key=Value")).ToList(),
    };
    var bench = new BenchRun(options, Console.Out);
    var started = DateTimeOffset.UtcNow;
    var results = await bench.RunAsync(ct);
    var table = Table.Render(results, options.Load.Workload + (options.Load.Rate > 0 ? string.Create(CultureInfo.InvariantCulture, $" at {options.Load.Rate:N0}/s") : ""), started);
    await File.WriteAllTextAsync(Path.Combine(bench.RunDirectory, "table.md"), table, ct);
    Console.WriteLine();
    Console.WriteLine(table);
    return 0;
});

var target = new Option<string>("--target") { Description = "Gateway (or null sink) gRPC address", Required = true };
var apiKey = new Option<string?>("--api-key") { Description = "API key for publishing and watching" };
var watch = new Option<bool>("--watch") { Description = "Time detection: watch the trigger nodes' events" };
var load = new Command("load", "The load generator (started by `run`): prints progress and result lines as JSON")
{
    target, workload, nodes, lanes, feeds, warmup, duration, rate, apiKey, watch, maxInFlight,
};
load.SetAction(async (parse, ct) =>
{
    var options = new LoadOptions
    {
        Target = new Uri(parse.GetValue(target)!),
        Shape = Shape(parse),
        ApiKey = parse.GetValue(apiKey),
        Watch = parse.GetValue(watch),
    };
    var output = Console.Out;
    var runner = new LoadRunner(options, p =>
    {
        lock (output) output.WriteLine(LoadProtocol.Progress + JsonSerializer.Serialize(p, BenchRun.Json));
    }, mark =>
    {
        lock (output) output.WriteLine(mark);
    });
    var result = await runner.RunAsync(ct);
    lock (output) output.WriteLine(LoadProtocol.Result + JsonSerializer.Serialize(result, BenchRun.Json));
    return 0;
});

var port = new Option<int>("--port") { Description = "Loopback port to listen on (HTTP/2)", Required = true };
var nullSink = new Command("null-sink", "The baseline gRPC server (started by `run`): acks every batch, does nothing else") { port };
nullSink.SetAction((parse, ct) => NullSinkServer.RunAsync(parse.GetValue(port), ct));

var grains = new Option<int>("--grains") { Description = "Node grains to activate", DefaultValueFactory = _ => 100_000 };
var memory = new Command("memory", "Managed memory per idle node grain: an in-process silo activates N configured nodes, one reading each") { grains };
memory.SetAction((parse, ct) => IdleGrainMemory.RunAsync(parse.GetValue(grains), Console.Out, ct));

var micro = new Command("micro", "BenchmarkDotNet micro-benchmarks of the hot paths (arguments after -- go to BenchmarkDotNet, e.g. --filter '*Planner*')");
micro.TreatUnmatchedTokensAsErrors = false;
micro.SetAction(parse =>
{
    // In process: BenchmarkDotNet's generated project could not reference this one (its assembly is named monitoring-bench).
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchRun).Assembly).Run([.. parse.UnmatchedTokens], config);
    return 0;
});

// The load's shape, the same options on `run` and on the `load` processes it starts.
LoadShape Shape(ParseResult parse) => new()
{
    Workload = parse.GetValue(workload),
    Nodes = parse.GetValue(nodes),
    Lanes = parse.GetValue(lanes),
    Feeds = parse.GetValue(feeds),
    Warmup = Durations.Parse(parse.GetValue(warmup)!, "--warmup"),
    Duration = Durations.Parse(parse.GetValue(duration)!, "--duration"),
    Rate = parse.GetValue(rate),
    MaxInFlight = parse.GetValue(maxInFlight),
};

var root = new RootCommand("Monitoring benchmark harness (docs/benchmarks.md)") { run, load, nullSink, memory, micro };
return await root.Parse(args).InvokeAsync();
