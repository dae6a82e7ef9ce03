using System.Diagnostics;

namespace Mureka.Inference.Host.Telemetry;

/// <summary>Names shared by the spans and metrics this host emits.</summary>
public static class HostTelemetry
{
    public const string ServiceName = "mureka-host";
    public const string SourceName = "Mureka.Inference.Host";
    public const string MeterName = "Mureka.Inference.Host";

    /// <summary>Spans per batch: generate (the whole call), compose (the shared decode) and render (arrange → stream).</summary>
    public static readonly ActivitySource Source = new(SourceName);
}
