using System.Text.Json;
using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
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
        // One instance, so the database probe it caches is shared by every health request.
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddHealthChecks()
            // The one liveness check: answering at all is the proof.
            .AddCheck(LivenessService, () => HealthCheckResult.Healthy(), tags: [LivenessService])
            .AddCheck<LifetimeHealthCheck>("lifetime")
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<AudioStoreHealthCheck>("audio_store")
            .AddCheck<HostPoolHealthCheck>("host_pool");
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

    /// <summary>
    /// The same checks over HTTP for probes that speak HTTP/1.1 (Kubernetes httpGet, load balancers): <c>/healthz</c>
    /// is liveness only, <c>/readyz</c> is everything (503 while unhealthy; a degraded host pool still answers 200).
    /// Both answer JSON naming each check, never an exception's text.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LivenessService), ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => !c.Tags.Contains(LivenessService), ResponseWriter = WriteJsonAsync });
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
