namespace Mureka.Batching.Tests;

public sealed class BatchQueueStateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(20);

    private static BatchingOptions Options(int maxBatch = 4, int maxQueue = 1_000, int maxTotal = 10_000, TimeSpan? timeout = null)
    {
        var options = new BatchingOptions { MaxTotalQueueSize = maxTotal };
        options.Default.MaxBatchSize = maxBatch;
        options.Default.MaxQueueDelay = MaxDelay;
        options.Default.MaxQueueSize = maxQueue;
        options.Default.QueueTimeout = timeout ?? TimeSpan.FromMinutes(5);
        return options;
    }

    private static BatchItem Item(string tenant = "t1", string model = "m1", int priority = 0, double seconds = 30, DateTimeOffset? deadline = null) =>
        new(Guid.NewGuid(), tenant, model, priority, TimeSpan.FromSeconds(seconds), deadline);

    [Fact]
    public void NextBatch_LoneItem_LeavesExactlyAtMaxDelay()
    {
        var state = new BatchQueueState(Options());
        var item = Item();
        state.TryEnqueue(item, T0);

        var early = state.NextBatch(T0 + MaxDelay - TimeSpan.FromTicks(1), freeSlots: 1);
        var onTime = state.NextBatch(T0 + MaxDelay, freeSlots: 1);

        Assert.Null(early.Batch);
        Assert.Equal(T0 + MaxDelay, early.WakeAt);
        Assert.NotNull(onTime.Batch);
        Assert.Equal(item.Id, Assert.Single(onTime.Batch.Items).Id);
    }

    [Fact]
    public void NextBatch_LoneItemWhileIdle_LeavesAtOnce()
    {
        var state = new BatchQueueState(Options());
        var item = Item();
        state.TryEnqueue(item, T0);

        var busy = state.NextBatch(T0, freeSlots: 1, idle: false);
        var idle = state.NextBatch(T0, freeSlots: 1, idle: true);

        Assert.Null(busy.Batch);
        Assert.NotNull(idle.Batch);
        Assert.Equal(item.Id, Assert.Single(idle.Batch.Items).Id);
        Assert.Equal(T0, idle.Batch.FormedAt);
    }

    [Fact]
    public void NextBatch_IdleButNoFreeSlot_WaitsForCapacity()
    {
        var state = new BatchQueueState(Options());
        state.TryEnqueue(Item(), T0);

        var decision = state.NextBatch(T0, freeSlots: 0, idle: true);

        Assert.Null(decision.Batch);
        Assert.Equal(1, state.Count);
    }

    [Fact]
    public void NextBatch_FullBatch_LeavesAtOnce()
    {
        var state = new BatchQueueState(Options(maxBatch: 4));
        for (var i = 0; i < 5; i++)
        {
            state.TryEnqueue(Item(), T0);
        }

        var decision = state.NextBatch(T0, freeSlots: 1);

        Assert.NotNull(decision.Batch);
        Assert.Equal(4, decision.Batch.Items.Count);
        Assert.Equal(1, state.Count);
    }

    [Fact]
    public void NextBatch_DifferentModelsAndBuckets_NeverMix()
    {
        var state = new BatchQueueState(Options(maxBatch: 8));
        state.TryEnqueue(Item(model: "m1", seconds: 30), T0);
        state.TryEnqueue(Item(model: "m2", seconds: 30), T0);
        state.TryEnqueue(Item(model: "m1", seconds: 200), T0);
        state.TryEnqueue(Item(model: "m1", seconds: 31), T0);

        var batches = new List<Batch>();
        while (state.NextBatch(T0 + MaxDelay, freeSlots: 1).Batch is { } batch)
        {
            batches.Add(batch);
        }

        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.All(b.Items, i =>
        {
            Assert.Equal(b.Model, i.Item.Model);
            Assert.Equal(b.DurationBucketSeconds, i.DurationBucketSeconds);
        }));
        Assert.Contains(batches, b => b.Items.Count == 2 && b.Model == "m1");
    }

    [Fact]
    public void NextBatch_MixedPriorities_HighFirst()
    {
        var state = new BatchQueueState(Options(maxBatch: 2));
        state.TryEnqueue(Item(priority: 0), T0);
        state.TryEnqueue(Item(priority: 0), T0);
        var high = Item(priority: 10);
        state.TryEnqueue(high, T0 + TimeSpan.FromMilliseconds(1));

        var batch = state.NextBatch(T0 + TimeSpan.FromMilliseconds(1), freeSlots: 1).Batch;

        Assert.NotNull(batch);
        Assert.Equal(high.Id, batch.Items[0].Id);
        Assert.Equal(2, batch.Items.Count);
    }

    [Fact]
    public void NextBatch_DueGroupsWithDifferentPriorities_HigherGroupFirst()
    {
        var state = new BatchQueueState(Options(maxBatch: 8));
        state.TryEnqueue(Item(model: "low", priority: 0), T0);
        state.TryEnqueue(Item(model: "high", priority: 5), T0 + TimeSpan.FromMilliseconds(5));

        var batch = state.NextBatch(T0 + TimeSpan.FromSeconds(1), freeSlots: 1).Batch;

        Assert.Equal("high", batch?.Model);
    }

    [Fact]
    public void ExpireTimedOut_PastDeadline_ReportedOnceAndRemoved()
    {
        var state = new BatchQueueState(Options(timeout: TimeSpan.FromSeconds(10)));
        var soon = Item(deadline: T0 + TimeSpan.FromSeconds(2));
        var later = Item();
        state.TryEnqueue(soon, T0);
        state.TryEnqueue(later, T0);

        var none = state.ExpireTimedOut(T0 + TimeSpan.FromSeconds(1));
        var first = state.ExpireTimedOut(T0 + TimeSpan.FromSeconds(2));
        var again = state.ExpireTimedOut(T0 + TimeSpan.FromSeconds(3));
        var second = state.ExpireTimedOut(T0 + TimeSpan.FromSeconds(10));

        Assert.Empty(none);
        Assert.Equal(soon.Id, Assert.Single(first).Id);
        Assert.Empty(again);
        Assert.Equal(later.Id, Assert.Single(second).Id);
        Assert.Equal(0, state.Count);
        Assert.False(state.Contains(soon.Id));
    }

    [Fact]
    public void NextBatch_NothingDue_WakeAtIsEarliestOfDelayAndDeadline()
    {
        var state = new BatchQueueState(Options());
        state.TryEnqueue(Item(deadline: T0 + TimeSpan.FromMilliseconds(5)), T0);

        var decision = state.NextBatch(T0, freeSlots: 1);

        Assert.Null(decision.Batch);
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(5), decision.WakeAt);
    }

    [Fact]
    public void NextBatch_TenantFloods_OtherTenantInNextBatch()
    {
        var state = new BatchQueueState(Options(maxBatch: 8));
        for (var i = 0; i < 500; i++)
        {
            state.TryEnqueue(Item(tenant: "A"), T0);
        }

        var lone = Item(tenant: "B");
        state.TryEnqueue(lone, T0 + TimeSpan.FromMilliseconds(1));

        var batch = state.NextBatch(T0 + TimeSpan.FromMilliseconds(1), freeSlots: 1).Batch;

        Assert.NotNull(batch);
        Assert.Contains(batch.Items, i => i.Id == lone.Id);
        Assert.Equal(8, batch.Items.Count);
    }

    [Fact]
    public void NextBatch_ThreeTenants_ShareBatchEvenly()
    {
        var state = new BatchQueueState(Options(maxBatch: 6));
        foreach (var tenant in new[] { "A", "B", "C" })
        {
            for (var i = 0; i < 10; i++)
            {
                state.TryEnqueue(Item(tenant: tenant), T0);
            }
        }

        var batch = state.NextBatch(T0, freeSlots: 1).Batch;

        Assert.NotNull(batch);
        Assert.All(batch.Items.GroupBy(i => i.Item.Tenant), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void TryEnqueue_ModelQueueFull_RejectedWithPositiveRetryAfter()
    {
        var state = new BatchQueueState(Options(maxQueue: 3));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(state.TryEnqueue(Item(), T0).Accepted);
        }

        var result = state.TryEnqueue(Item(), T0);

        Assert.False(result.Accepted);
        Assert.Equal(RejectReason.QueueFull, result.Reason);
        Assert.True(result.RetryAfter >= TimeSpan.FromSeconds(1));
        Assert.Equal(3, state.Count);
    }

    [Fact]
    public void TryEnqueue_TotalQueueFull_RejectedAcrossModels()
    {
        var state = new BatchQueueState(Options(maxTotal: 2));
        state.TryEnqueue(Item(model: "m1"), T0);
        state.TryEnqueue(Item(model: "m2"), T0);

        var result = state.TryEnqueue(Item(model: "m3"), T0);

        Assert.Equal(RejectReason.QueueFull, result.Reason);
    }

    [Fact]
    public void TryEnqueue_QueueFullWithServiceHistory_RetryAfterFollowsRate()
    {
        var state = new BatchQueueState(Options(maxBatch: 4, maxQueue: 40));
        var now = T0;
        for (var second = 0; second < 4; second++)
        {
            for (var i = 0; i < 4; i++)
            {
                state.TryEnqueue(Item(), now);
            }

            Assert.NotNull(state.NextBatch(now, freeSlots: 1).Batch);
            now += TimeSpan.FromSeconds(1);
        }

        while (state.TryEnqueue(Item(), now).Accepted)
        {
        }

        var result = state.TryEnqueue(Item(), now);

        // 16 items served over 4 s is 4 items/s; 40 queued ahead is 10 s.
        Assert.Equal(TimeSpan.FromSeconds(10), result.RetryAfter);
    }

    [Fact]
    public void NextBatch_QueueAtBound_LeavesWithoutWaitingForDelay()
    {
        var state = new BatchQueueState(Options(maxBatch: 8, maxQueue: 2));
        state.TryEnqueue(Item(), T0);
        state.TryEnqueue(Item(), T0);

        var batch = state.NextBatch(T0, freeSlots: 1).Batch;

        Assert.Equal(2, batch?.Items.Count);
    }

    [Fact]
    public void TryEnqueue_SameIdTwice_Duplicate()
    {
        var state = new BatchQueueState(Options());
        var item = Item();
        state.TryEnqueue(item, T0);

        var result = state.TryEnqueue(item, T0);

        Assert.Equal(RejectReason.Duplicate, result.Reason);
        Assert.Equal(1, state.Count);
    }

    [Fact]
    public void Cancel_QueuedItem_RemovedAndNotDispatched()
    {
        var state = new BatchQueueState(Options());
        var canceled = Item();
        var kept = Item();
        state.TryEnqueue(canceled, T0);
        state.TryEnqueue(kept, T0);

        var removed = state.Cancel(canceled.Id);
        var again = state.Cancel(canceled.Id);
        var batch = state.NextBatch(T0 + MaxDelay, freeSlots: 1).Batch;

        Assert.Equal(canceled.Id, removed?.Id);
        Assert.Null(again);
        Assert.Equal(kept.Id, Assert.Single(batch!.Items).Id);
        Assert.Empty(state.ExpireTimedOut(T0 + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void NextBatch_NoFreeSlots_NothingLeavesAndItemsStay()
    {
        var state = new BatchQueueState(Options(maxBatch: 2));
        state.TryEnqueue(Item(), T0);
        state.TryEnqueue(Item(), T0);

        var blocked = state.NextBatch(T0, freeSlots: 0);
        var freed = state.NextBatch(T0, freeSlots: 1);

        Assert.Null(blocked.Batch);
        Assert.Equal(2, freed.Batch?.Items.Count);
    }
}
