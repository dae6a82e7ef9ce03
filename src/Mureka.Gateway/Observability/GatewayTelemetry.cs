using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mureka.Gateway.Observability;

/// <summary>
/// The gateway's own spans (one per dispatched batch, continuing the trace of the request that created its first job)
/// and its output metric.
/// </summary>
public static class GatewayTelemetry
{
    public const string SourceName = "Mureka.Gateway.Dispatch";

    public static ActivitySource Source { get; } = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    // Seconds of audio delivered: what customers buy and the pool's real throughput (rate() of it is rendered seconds
    // per second); test renders are labelled so that dashboards can leave them out.
    private static readonly Counter<double> Rendered = Meter.CreateCounter<double>("mureka.generations.rendered", "s", "Seconds of audio of generations that succeeded.");

    public static void RecordRendered(string model, bool livemode, long renderedMs) =>
        Rendered.Add(renderedMs / 1000.0, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("livemode", livemode));
}
