using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Readiness;

/// <summary>Unhealthy when the audio store cannot take new audio (for the filesystem store: too little free disk).</summary>
public sealed class AudioStoreHealthCheck(IAudioStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.CheckWritableAsync(cancellationToken) is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy();
}
