using Microsoft.Extensions.Time.Testing;

namespace Mureka.Batching.Tests;

public sealed class BatcherTests
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(20);

    /// <param name="dispatchWhenIdle">Off for the tests of the fill window itself, which start with nothing in flight.</param>
    private static BatchingOptions Options(int capacity = 1, bool dispatchWhenIdle = false)
    {
        var options = new BatchingOptions { InitialCapacity = capacity, DispatchWhenIdle = dispatchWhenIdle };
        options.Default.MaxBatchSize = 4;
        options.Default.MaxQueueDelay = MaxDelay;
        options.Default.QueueTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    private static BatchItem Item(string tenant = "t1") => new(Guid.NewGuid(), tenant, "m1", 0, TimeSpan.FromSeconds(30));

    private static CancellationToken Timeout() => new CancellationTokenSource(RecordingExecutor.Deadline).Token;

    [Fact]
    public async Task EnqueueAsync_LoneItem_EmittedOnlyAfterMaxDelay()
    {
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(), executor, time);
        batcher.Start();
        var item = Item();

        var admission = await batcher.EnqueueAsync(item, Timeout());
        time.Advance(MaxDelay - TimeSpan.FromMilliseconds(1));
        var before = await batcher.GetSnapshotAsync(Timeout());
        time.Advance(TimeSpan.FromMilliseconds(1));
        var batch = await executor.NextBatchAsync();

        Assert.True(admission.Accepted);
        Assert.Equal(new BatcherSnapshot(1, 0, 1), before);
        Assert.Equal(item.Id, Assert.Single(batch.Items).Id);
        executor.Release.SetResult();
    }

    [Fact]
    public async Task EnqueueAsync_LoneItemWhileIdle_EmittedWithoutWaitingTheFillWindow()
    {
        // Arrange: the clock never moves, so only an immediate dispatch can emit the batch.
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(dispatchWhenIdle: true), executor, time);
        batcher.Start();
        var item = Item();

        // Act
        await batcher.EnqueueAsync(item, Timeout());
        var batch = await executor.NextBatchAsync();

        // Assert: measured on the batcher's own clock, the item waited nothing.
        var queued = Assert.Single(batch.Items);
        Assert.Equal(item.Id, queued.Id);
        Assert.Equal(TimeSpan.Zero, batch.FormedAt - queued.EnqueuedAt);
        executor.Release.SetResult();
    }

    [Fact]
    public async Task EnqueueAsync_WhileABatchRuns_NextItemsStillWaitTheFillWindowAndBatchTogether()
    {
        // Arrange: two slots, the first busy with a batch that started at once (idle).
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(capacity: 2, dispatchWhenIdle: true), executor, time);
        batcher.Start();
        await batcher.EnqueueAsync(Item(), Timeout());
        var first = await executor.NextBatchAsync();

        // Act: under load the window applies, so later arrivals gather into one batch.
        await batcher.EnqueueAsync(Item(), Timeout());
        await batcher.EnqueueAsync(Item(), Timeout());
        time.Advance(MaxDelay - TimeSpan.FromMilliseconds(1));
        var before = await batcher.GetSnapshotAsync(Timeout());
        time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await executor.NextBatchAsync();

        // Assert
        Assert.Single(first.Items);
        Assert.Equal(new BatcherSnapshot(2, 1, 2), before);
        Assert.Equal(2, second.Items.Count);
        executor.Release.SetResult();
    }

    [Fact]
    public async Task EnqueueAsync_FullBatch_EmittedWithoutAdvancing()
    {
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(), executor, time);
        batcher.Start();

        for (var i = 0; i < 4; i++)
        {
            await batcher.EnqueueAsync(Item(), Timeout());
        }

        var batch = await executor.NextBatchAsync();

        Assert.Equal(4, batch.Items.Count);
        executor.Release.SetResult();
    }

    [Fact]
    public async Task SetCapacity_ZeroThenOne_NothingEmittedUntilCapacityReturns()
    {
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(capacity: 0), executor, time);
        batcher.Start();

        await batcher.EnqueueAsync(Item(), Timeout());
        time.Advance(TimeSpan.FromSeconds(1));
        var blocked = await batcher.GetSnapshotAsync(Timeout());
        var emittedWhileBlocked = executor.TryTakeBatch(out _);
        batcher.SetCapacity(1);
        var batch = await executor.NextBatchAsync();

        Assert.Equal(new BatcherSnapshot(1, 0, 0), blocked);
        Assert.False(emittedWhileBlocked);
        Assert.Single(batch.Items);
        executor.Release.SetResult();
    }

    [Fact]
    public async Task ExecuteAsync_BatchFinishes_SlotFreedForNextBatch()
    {
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(capacity: 1), executor, time);
        batcher.Start();
        for (var i = 0; i < 8; i++)
        {
            await batcher.EnqueueAsync(Item(), Timeout());
        }

        var first = await executor.NextBatchAsync();
        var whileRunning = await batcher.GetSnapshotAsync(Timeout());
        executor.Release.SetResult();
        var second = await executor.NextBatchAsync();

        Assert.Equal(4, first.Items.Count);
        Assert.Equal(new BatcherSnapshot(4, 1, 1), whileRunning);
        Assert.Equal(4, second.Items.Count);
    }

    [Fact]
    public async Task CancelAsync_QueuedItem_RemovedAndNeverEmitted()
    {
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(), executor, time);
        batcher.Start();
        var item = Item();
        await batcher.EnqueueAsync(item, Timeout());

        var canceled = await batcher.CancelAsync(item.Id, Timeout());
        time.Advance(MaxDelay);
        var after = await batcher.GetSnapshotAsync(Timeout());

        Assert.True(canceled);
        Assert.Equal(0, after.QueueDepth);
        Assert.False(executor.TryTakeBatch(out _));
    }

    [Fact]
    public async Task EnqueueAsync_QueueTimeout_ReportedToExecutor()
    {
        var time = new FakeTimeProvider();
        var executor = new RecordingExecutor();
        await using var batcher = new Batcher(Options(capacity: 0), executor, time);
        batcher.Start();
        var item = Item();
        await batcher.EnqueueAsync(item, Timeout());

        time.Advance(TimeSpan.FromSeconds(30));
        var expired = await executor.NextTimedOutAsync();

        Assert.Equal(item.Id, expired.Id);
        Assert.Equal(0, (await batcher.GetSnapshotAsync(Timeout())).QueueDepth);
    }

    [Fact]
    public async Task EnqueueAsync_AfterDispose_ShuttingDown()
    {
        var batcher = new Batcher(Options(), new RecordingExecutor(), new FakeTimeProvider());
        batcher.Start();
        await batcher.DisposeAsync();

        var result = await batcher.EnqueueAsync(Item(), Timeout());

        Assert.Equal(RejectReason.ShuttingDown, result.Reason);
    }
}
