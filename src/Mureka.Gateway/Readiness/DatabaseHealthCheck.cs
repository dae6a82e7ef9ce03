using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Mureka.Gateway.Readiness;

/// <summary>Healthy when PostgreSQL answers: without it the gateway can neither authenticate nor accept a job.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("the database is unreachable", e);
        }
    }
}
