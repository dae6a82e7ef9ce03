using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mureka.Inference.Host.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces (ASP.NET Core, so a caller's traceparent continues here, plus the host's batch spans) and metrics.
    /// Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set: a host without a collector exports nothing.
    /// </summary>
    public static WebApplicationBuilder AddHostTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<HostMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(HostTelemetry.ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(HostTelemetry.SourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(HostTelemetry.MeterName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
