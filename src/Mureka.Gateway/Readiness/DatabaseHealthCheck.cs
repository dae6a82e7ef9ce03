using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;
using Npgsql;

namespace Mureka.Gateway.Readiness;

/// <summary>
/// Healthy when PostgreSQL answers and the schema is migrated: without it the gateway can neither
/// authenticate nor accept a job. Only readiness depends on it; the <c>liveness</c> health service does not.
/// Health probes are public and anonymous, so the database is read at most once per
/// <see cref="GatewayOptions.DatabaseCheckInterval"/> (concurrent probes share that one read) and every probe
/// in between gets its answer; a failure a request met meanwhile (<see cref="DatabaseAvailability"/>) ends the
/// reuse of a healthy answer at once, so an outage still turns readiness off on the next probe.
/// </summary>
public sealed class DatabaseHealthCheck(
    NpgsqlDataSource dataSource,
    MigrationState migrations,
    DatabaseAvailability availability,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider) : IHealthCheck
{
    // A probe is shared by every caller, so no caller's token may cancel it; this bounds it instead.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task<bool>? _probe;
    private long _probedAt;
    private long _probes;

    /// <summary>Database reads made so far (tests prove the interval by it).</summary>
    internal long Probes => Interlocked.Read(ref _probes);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await CurrentProbe().WaitAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("the database is unreachable");
        }

        return migrations.IsMigrated
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the database schema is not migrated yet");
    }

    private Task<bool> CurrentProbe()
    {
        lock (_lock)
        {
            var probe = _probe;
            var fresh = probe is not null && (!probe.IsCompleted || timeProvider.GetElapsedTime(_probedAt) < options.Value.DatabaseCheckInterval);
            var contradicted = probe is { IsCompletedSuccessfully: true, Result: true } && availability.IsDown;
            if (fresh && !contradicted)
            {
                return probe!;
            }

            _probedAt = timeProvider.GetTimestamp();
            _probe = ProbeAsync();
            return _probe;
        }
    }

    private async Task<bool> ProbeAsync()
    {
        Interlocked.Increment(ref _probes);
        using var timeout = new CancellationTokenSource(ProbeTimeout, timeProvider);
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            availability.ReportFailure(e);
            return false;
        }

        availability.ReportReachable();
        return true;
    }
}
