using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mureka.Gateway.Observability;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces (ASP.NET Core, gRPC client, the dispatcher's spans; with an OTLP collector also every SQL command and
    /// outgoing HTTP call) and metrics: ASP.NET Core, Kestrel, gRPC, rate limiting, the batcher, billing and limits,
    /// Npgsql's pool and commands, HttpClient, DNS and the .NET runtime. Exported over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and for Prometheus on <see cref="GatewayOptions.ManagementUrl"/>
    /// when that is set. The tracer provider is registered anyway so the dispatcher's activities exist and
    /// <c>traceparent</c> reaches the hosts; a span per request, SQL command and outgoing HTTP call is only created
    /// when something exports it (it costs the hot GET path several percent of its throughput for nothing otherwise).
    /// </summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = ManagementPort(configuration) is not null;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("mureka-gateway"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTelemetry.SourceName, "Grpc.Net.Client");
                if (otlp)
                {
                    tracing.AddAspNetCoreInstrumentation(o => o.RecordException = true)
                        .AddSource("Npgsql", "System.Net.Http").AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Grpc.AspNetCore.Server", "Grpc.Net.Client", Mureka.Batching.BatchingMetrics.MeterName, Mureka.Billing.BillingMetrics.MeterName, "Microsoft.AspNetCore.RateLimiting", Limits.LimitsExtensions.MeterName, Auth.AuthExtensions.MeterName, GatewayTelemetry.SourceName)
                    .AddMeter("Npgsql", "System.Net.Http", "System.Net.NameResolution", "System.Runtime");
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        return services;
    }

    /// <summary>Serves <c>/metrics</c> on the management port only, never on the public REST or gRPC ports.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (ManagementPort(app.Configuration) is { } port)
        {
            app.MapPrometheusScrapingEndpoint().RequireHost($"*:{port}");
        }

        return app;
    }

    private static int? ManagementPort(IConfiguration configuration) =>
        configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.ManagementUrl)}"] is { Length: > 0 } url ? new Uri(url).Port : null;
}
