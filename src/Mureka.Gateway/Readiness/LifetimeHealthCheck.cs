using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mureka.Gateway.Readiness;

/// <summary>Unhealthy from the moment the gateway starts stopping, so load balancers drain it before it goes away.</summary>
public sealed class LifetimeHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("the gateway is stopping")
            : lifetime.ApplicationStarted.IsCancellationRequested
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the gateway is starting"));
}
