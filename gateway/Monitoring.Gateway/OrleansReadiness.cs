using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitoring.Contracts.Grains;

namespace Monitoring.Gateway;

/// <summary>Ready when the cluster answers a grain call.</summary>
public sealed class OrleansReadiness(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).GetVersion().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"cluster answers; topology version {version}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"cluster does not answer: {e.Message}");
        }
    }
}
