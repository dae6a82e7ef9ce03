using Grpc.AspNetCore.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mureka.Gateway.Readiness;

public static class HealthExtensions
{
    /// <summary>The liveness service name: SERVING whenever the process answers, whatever the database does.</summary>
    public const string LivenessService = "liveness";

    /// <summary>
    /// Standard grpc.health.v1 on the gRPC port. Readiness, the overall service ("") and the public service:
    /// SERVING once started while PostgreSQL answers and is migrated, NOT_SERVING while starting, stopping or
    /// without a database. Liveness (<see cref="LivenessService"/>) runs only a check that always passes, so an
    /// orchestrator does not restart gateways that merely wait for the database.
    /// </summary>
    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        // The health service logs every unhealthy Check at error level: one line per probe for the whole of
        // an outage, which DatabaseAvailability already reports once as it starts and ends.
        services.AddLogging(l => l.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical));
        services.AddHealthChecks()
            // The one liveness check: answering at all is the proof.
            .AddCheck(LivenessService, () => HealthCheckResult.Healthy(), tags: [LivenessService])
            .AddCheck<LifetimeHealthCheck>("lifetime")
            .AddCheck<DatabaseHealthCheck>("database");
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", _ => true);
            o.Services.Map("mureka.api.v1.Generations", _ => true);
            o.Services.Map(LivenessService, (HealthCheckMapContext c) => c.Tags.Contains(LivenessService));
            // Check runs the checks when asked rather than answering from the publisher's last (up to 30 s old) result.
            o.UseHealthChecksCache = false;
        });
        return services;
    }
}
