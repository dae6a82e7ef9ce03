using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mureka.Gateway.Data;
using Npgsql;

namespace Mureka.Gateway.Readiness;

/// <summary>
/// Healthy when PostgreSQL answers and the schema is migrated: without it the gateway can neither
/// authenticate nor accept a job. Only readiness depends on it; the <c>liveness</c> health service does not.
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, MigrationState migrations, DatabaseAvailability availability) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            availability.ReportFailure(e);
            return HealthCheckResult.Unhealthy("the database is unreachable", e);
        }

        availability.ReportReachable();
        return migrations.IsMigrated
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the database schema is not migrated yet");
    }
}
