using System.Globalization;
using System.Text;

namespace Monitoring.Bench.Harness;

/// <summary>The result table (Markdown, as docs/benchmarks.md keeps it).</summary>
public static class Table
{
    public const string Header =
        "| date | workload | target | obs/s | vs null sink | vs null grain | ack p50 / p99 (ms) | detection p50 / p99 (ms) | Redis writes / obs | heap / active grain | CPU cores (load · target) |\n" +
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|";

    public static string Render(IReadOnlyList<PhaseResult> phases, string workload, DateTimeOffset when)
    {
        var text = new StringBuilder(Header).Append('\n');
        var sink = phases.FirstOrDefault(p => p.Target == "null sink");
        var nullGrain = phases.FirstOrDefault(p => p.Target.StartsWith("null grain", StringComparison.Ordinal));
        foreach (var p in phases)
        {
            var l = p.Load;
            var ratio = sink is not null && p != sink && sink.Load.ObservationsPerSecond > 0 ? $"{l.ObservationsPerSecond / sink.Load.ObservationsPerSecond:P0}" : "";
            var ofNullGrain = nullGrain is not null && p.Target.StartsWith("platform", StringComparison.Ordinal) && nullGrain.Load.ObservationsPerSecond > 0
                ? $"{l.ObservationsPerSecond / nullGrain.Load.ObservationsPerSecond:P0}" : "";
            var detection = l.Detection.Count > 0 ? $"{l.Detection.P50:0.0} / {l.Detection.P99:0.0}" : "";
            var writes = p.StateWritesPerObservation is { } w ? $"{w:0.0000}" : "";
            var heap = p.HeapBytes is { } h && p.SubjectGrains is > 0 ? $"{h / p.SubjectGrains / 1024:0.0} KiB" : "";
            var cpu = string.Join(" · ", p.CpuCores.OrderBy(c => c.Key == "load" ? 0 : 1).Select(c => $"{c.Key} {c.Value:0.00}"));
            text.Append(CultureInfo.InvariantCulture,
                $"| {when:yyyy-MM-dd} | {workload} | {p.Target} | {l.ObservationsPerSecond:N0} | {ratio} | {ofNullGrain} | {l.Ack.P50:0.0} / {l.Ack.P99:0.0} | {detection} | {writes} | {heap} | {cpu} |\n");
        }
        return text.ToString();
    }
}
