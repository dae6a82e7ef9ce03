namespace Mureka.Gateway.Readiness;

public static class HealthExtensions
{
    /// <summary>
    /// Standard grpc.health.v1 on the gRPC port: SERVING once started while PostgreSQL answers, NOT_SERVING
    /// while starting, stopping or without a database. The overall service ("") and the public service share it.
    /// </summary>
    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<LifetimeHealthCheck>("lifetime")
            .AddCheck<DatabaseHealthCheck>("database");
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", _ => true);
            o.Services.Map("mureka.api.v1.Generations", _ => true);
            // Check runs the checks when asked rather than answering from the publisher's last (up to 30 s old) result.
            o.UseHealthChecksCache = false;
        });
        return services;
    }
}
