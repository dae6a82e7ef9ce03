using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mureka.Gateway.Observability;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces (ASP.NET Core, gRPC client, the dispatcher's spans) and the standard ASP.NET Core,
    /// Kestrel and gRPC meters. Exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set;
    /// the tracer provider is registered anyway so activities exist and <c>traceparent</c> reaches the hosts.
    /// </summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("mureka-gateway"))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.RecordException = true)
                    .AddSource(GatewayTelemetry.SourceName, "Grpc.Net.Client");
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Grpc.AspNetCore.Server", "Grpc.Net.Client", Mureka.Batching.BatchingMetrics.MeterName, Mureka.Billing.BillingMetrics.MeterName, "Microsoft.AspNetCore.RateLimiting", Limits.LimitsExtensions.MeterName);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
