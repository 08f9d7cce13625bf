using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Silo;

/// <summary>Ready while this silo is an active member of the cluster.</summary>
public sealed class SiloReadiness(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {membership.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"silo {membership.SiloAddress} is {membership.CurrentStatus}"));
}
