using Grpc.Health.V1;
using Grpc.HealthCheck;

namespace Mureka.Inference.Host.Health;

/// <summary>
/// Owns the health status: NOT_SERVING until warm-up has finished, SERVING afterwards, and NOT_SERVING again as soon
/// as shutdown begins so load balancers drain this host while running calls finish.
/// </summary>
public sealed class HostHealth : IHostedService, IDisposable
{
    /// <summary>The names a client may check: the whole server ("") and the inference service.</summary>
    public static readonly IReadOnlyList<string> ServiceNames = ["", "mureka.inference.v1.InferenceHost"];

    private readonly HealthServiceImpl _health;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _stopping;
    private bool _draining;

    public HostHealth(HealthServiceImpl health, IHostApplicationLifetime lifetime)
    {
        _health = health;
        _lifetime = lifetime;
        Set(HealthCheckResponse.Types.ServingStatus.NotServing);
    }

    public bool IsServing { get; private set; }

    public void MarkServing()
    {
        lock (_gate)
        {
            if (_draining)
            {
                return;
            }

            IsServing = true;
            Set(HealthCheckResponse.Types.ServingStatus.Serving);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = _lifetime.ApplicationStopping.Register(MarkDraining);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        MarkDraining();
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Dispose();

    private void MarkDraining()
    {
        lock (_gate)
        {
            _draining = true;
            IsServing = false;
            Set(HealthCheckResponse.Types.ServingStatus.NotServing);
        }
    }

    private void Set(HealthCheckResponse.Types.ServingStatus status)
    {
        foreach (var name in ServiceNames)
        {
            _health.SetStatus(name, status);
        }
    }
}
