using System.Diagnostics.Metrics;

namespace Mureka.Batching;

/// <summary>
/// The batcher's instruments on the <c>Mureka.Batching</c> meter. Gauges read values published by
/// their owners (the actor's depth, the pool's utilisation) because the state itself belongs to one
/// thread and the exporter calls from another.
/// </summary>
public sealed class BatchingMetrics : IDisposable
{
    public const string MeterName = "Mureka.Batching";

    private readonly Meter _meter;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _timedOut;
    private Func<int> _queueDepth = () => 0;
    private Func<double> _hostUtilization = () => 0;

    public BatchingMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("mureka.batching.queue.depth", () => Volatile.Read(ref _queueDepth)(), "{item}", "Items waiting for a batch.");
        _meter.CreateObservableGauge("mureka.batching.host.utilization", () => Volatile.Read(ref _hostUtilization)(), null, "Outstanding batches over usable host slots.");
        _queueWait = _meter.CreateHistogram<double>("mureka.batching.queue.wait", "ms", "Time from admission to leaving in a batch.");
        _batchSize = _meter.CreateHistogram<int>("mureka.batching.batch.size", "{item}", "Items per dispatched batch.");
        _rejected = _meter.CreateCounter<long>("mureka.batching.rejected", "{item}", "Items refused admission, by reason.");
        _timedOut = _meter.CreateCounter<long>("mureka.batching.timed_out", "{item}", "Items that expired in the queue.");
    }

    public void ObserveQueueDepth(Func<int> depth) => Volatile.Write(ref _queueDepth, depth);

    public void ObserveHostUtilization(Func<double> utilization) => Volatile.Write(ref _hostUtilization, utilization);

    public void RecordBatch(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var model = new KeyValuePair<string, object?>("model", batch.Model);
        _batchSize.Record(batch.Items.Count, model);
        foreach (var item in batch.Items)
        {
            _queueWait.Record((batch.FormedAt - item.EnqueuedAt).TotalMilliseconds, model);
        }
    }

    public void RecordRejected(string model, RejectReason reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void RecordTimedOut(int count) => _timedOut.Add(count);

    public void Dispose() => _meter.Dispose();
}
