using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch;

namespace Mureka.Gateway.Readiness;

/// <summary>
/// Degraded, not unhealthy, when no inference host can take work: the gateway still accepts, stores and serves
/// what exists, and taking every replica out of the load balancer because the pool is down would only turn
/// 503 problem answers into connection errors.
/// </summary>
public sealed class HostPoolHealthCheck(HostPool<HostClient> pool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(pool.HasUsableHost
            ? HealthCheckResult.Healthy($"{pool.Hosts.Count} hosts known")
            : HealthCheckResult.Degraded("no inference host can take work"));
}
