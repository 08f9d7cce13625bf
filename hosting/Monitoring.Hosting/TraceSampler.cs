using System.Diagnostics;
using Monitoring.Contracts.Diagnostics;
using OpenTelemetry.Trace;

namespace Monitoring.Hosting;

/// <summary>
/// Traces start only where the platform starts them (<see cref="MonitoringTracing.Roots"/>): a share of provider batches,
/// and a notifier's flush when it carries a traced batch's events. Everything else (grain calls, storage writes) is
/// recorded only inside a sampled trace, so the grains' own timers and checkpoints make no orphan traces.
/// </summary>
public sealed class TraceSampler(double ratio) : Sampler
{
    private readonly TraceIdRatioBasedSampler _batches = new(ratio);

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        if (parameters.ParentContext.TraceId != default)
        {
            return new SamplingResult((parameters.ParentContext.TraceFlags & ActivityTraceFlags.Recorded) != 0);
        }
        if (parameters.Name == MonitoringTracing.NotifyGateways)
        {
            return new SamplingResult(parameters.Links?.Any(l => (l.Context.TraceFlags & ActivityTraceFlags.Recorded) != 0) == true);
        }
        return MonitoringTracing.Roots.Contains(parameters.Name) ? _batches.ShouldSample(parameters) : new SamplingResult(false);
    }
}
