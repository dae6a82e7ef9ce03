using System.Diagnostics;

namespace Mureka.Gateway.Observability;

/// <summary>The gateway's own spans: one per dispatched batch, continuing the trace of the request that created its first job.</summary>
public static class GatewayTelemetry
{
    public const string SourceName = "Mureka.Gateway.Dispatch";

    public static ActivitySource Source { get; } = new(SourceName);
}
