using System.Diagnostics.Metrics;

namespace Mureka.Inference.Host.Telemetry;

/// <summary>The host's own instruments; created through <see cref="IMeterFactory"/> so each host in a process gets its own meter.</summary>
public sealed class HostMetrics
{
    private readonly Counter<long> _items;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;

    public HostMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(HostTelemetry.MeterName);
        _items = meter.CreateCounter<long>("mureka.host.items", unit: "{item}", description: "Items finished, by outcome (ok, invalid, canceled, failed).");
        _batchSize = meter.CreateHistogram<int>("mureka.host.batch.size", unit: "{item}", description: "Items rendered together in one batch.");
        _batchDuration = meter.CreateHistogram<double>("mureka.host.batch.duration", unit: "s", description: "Wall time of one Generate call.");
    }

    public void ItemFinished(string outcome) => _items.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void BatchStarted(int size) => _batchSize.Record(size);

    public void BatchFinished(TimeSpan elapsed) => _batchDuration.Record(elapsed.TotalSeconds);
}
