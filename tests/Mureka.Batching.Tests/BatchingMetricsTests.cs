using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Mureka.Batching.Tests;

public sealed class BatchingMetricsTests
{
    [Fact]
    public async Task EnqueueAsync_QueueFull_RejectedCounterTaggedWithReason()
    {
        using var metrics = new BatchingMetrics();
        var reasons = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BatchingMetrics.MeterName && instrument.Name == "mureka.batching.rejected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    lock (reasons)
                    {
                        reasons.Add(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();
        var options = new BatchingOptions { InitialCapacity = 0 };
        options.Default.MaxQueueSize = 1;
        await using var batcher = new Batcher(options, new RecordingExecutor(), new FakeTimeProvider(), metrics);
        batcher.Start();
        using var cts = new CancellationTokenSource(RecordingExecutor.Deadline);

        await batcher.EnqueueAsync(new BatchItem(Guid.NewGuid(), "t", "m", 0, TimeSpan.FromSeconds(5)), cts.Token);
        var rejected = await batcher.EnqueueAsync(new BatchItem(Guid.NewGuid(), "t", "m", 0, TimeSpan.FromSeconds(5)), cts.Token);

        Assert.False(rejected.Accepted);
        lock (reasons)
        {
            Assert.Contains(nameof(RejectReason.QueueFull), reasons);
        }
    }
}
