using Mureka.Batching.Internal;

namespace Mureka.Batching;

/// <summary>
/// The batcher's queue as a plain data structure (TGI's <c>queue.rs</c> state, Triton's dynamic
/// batcher rules): no threads, no clock, every decision takes <c>now</c>. One owner at a time — the
/// <see cref="Batcher"/> actor in production, a unit test otherwise — so nothing here locks.
/// </summary>
public sealed class BatchQueueState
{
    private readonly BatchingOptions _options;
    private readonly Dictionary<GroupKey, GroupQueue> _groups = [];
    private readonly Dictionary<string, int> _perModel = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, QueueEntry> _byId = [];
    private readonly SortedSet<QueueEntry> _byDeadline = new(DeadlineComparer.Instance);
    private readonly ServiceRateEstimator _rate = new();
    private long _sequence;

    public BatchQueueState(BatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public int Count => _byId.Count;

    public int CountFor(string model) => _perModel.GetValueOrDefault(model);

    public bool Contains(Guid id) => _byId.ContainsKey(id);

    public AdmissionResult TryEnqueue(BatchItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_byId.ContainsKey(item.Id))
        {
            return AdmissionResult.Rejected(RejectReason.Duplicate, TimeSpan.Zero);
        }

        var modelOptions = _options.For(item.Model);
        var modelCount = CountFor(item.Model);
        if (modelCount >= modelOptions.MaxQueueSize || Count >= _options.MaxTotalQueueSize)
        {
            return AdmissionResult.Rejected(RejectReason.QueueFull, RetryAfter(modelCount, modelOptions, now));
        }

        var deadline = now + modelOptions.QueueTimeout;
        if (item.Deadline is { } own && own < deadline)
        {
            deadline = own;
        }

        var bucket = DurationBuckets.BucketSeconds(item.Duration, _options.DurationBucketsPerOctave);
        var key = new GroupKey(item.Model, bucket);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new GroupQueue(key, modelOptions);
            _groups.Add(key, group);
        }

        var tenant = group.GetOrAddLevel(item.Priority).GetOrAdd(item.Tenant);
        var entry = new QueueEntry(new QueuedItem(item, bucket, now, deadline), _sequence++, tenant);
        entry.Node = tenant.Items.AddLast(entry);
        group.Count++;
        _perModel[item.Model] = modelCount + 1;
        _byId.Add(item.Id, entry);
        _byDeadline.Add(entry);
        return AdmissionResult.Admitted;
    }

    /// <summary>Removes a queued item; null when it is not queued (never was, already left in a batch, or expired).</summary>
    public QueuedItem? Cancel(Guid id)
    {
        if (!_byId.TryGetValue(id, out var entry))
        {
            return null;
        }

        Remove(entry);
        return entry.Item;
    }

    /// <summary>
    /// Items whose queue deadline has passed, removed so each is reported exactly once. Call before
    /// <see cref="NextBatch"/> so an expired item is never dispatched.
    /// </summary>
    public IReadOnlyList<QueuedItem> ExpireTimedOut(DateTimeOffset now)
    {
        List<QueuedItem>? expired = null;
        while (_byDeadline.Count > 0 && _byDeadline.Min!.Item.QueueDeadline <= now)
        {
            var entry = _byDeadline.Min!;
            Remove(entry);
            (expired ??= []).Add(entry.Item);
        }

        return expired ?? (IReadOnlyList<QueuedItem>)[];
    }

    /// <summary>
    /// A batch to run now, if one is due and <paramref name="freeSlots"/> allows. A group is due when it
    /// is full, when its oldest item has waited the model's max queue delay, or when nothing more can
    /// join it (the queue is at its bound) — waiting only makes sense while a batch could still fill.
    /// With <paramref name="idle"/> (no batch in flight) every group is due at once: the fill window buys
    /// throughput only when slots are scarce, and an idle host would just sit out the window while a lone
    /// request waits. Under load batches are in flight, so the window applies and batches fill as before.
    /// Among due groups the highest priority wins, then the oldest item.
    /// </summary>
    public BatchDecision NextBatch(DateTimeOffset now, int freeSlots, bool idle = false)
    {
        GroupQueue? best = null;
        var bestOldest = DateTimeOffset.MaxValue;
        DateTimeOffset? wakeAt = _byDeadline.Count > 0 ? _byDeadline.Min!.Item.QueueDeadline : null;
        foreach (var group in _groups.Values)
        {
            var oldest = group.OldestEnqueuedAt();
            var fillBy = oldest + group.Options.MaxQueueDelay;
            if (!idle && !IsDue(group, fillBy, now))
            {
                wakeAt = Earliest(wakeAt, fillBy);
                continue;
            }

            if (best is null
                || group.HighestPriority > best.HighestPriority
                || (group.HighestPriority == best.HighestPriority && oldest < bestOldest))
            {
                best = group;
                bestOldest = oldest;
            }
        }

        if (best is null || freeSlots <= 0)
        {
            // With no free slot a due group cannot run; only a capacity change (a command) helps.
            return new BatchDecision(null, wakeAt);
        }

        var batch = Take(best, now);
        _rate.Record(now, batch.Items.Count);
        return new BatchDecision(batch, now);
    }

    private bool IsDue(GroupQueue group, DateTimeOffset fillBy, DateTimeOffset now) =>
        group.Count >= group.Options.MaxBatchSize
        || fillBy <= now
        || CountFor(group.Key.Model) >= group.Options.MaxQueueSize
        || Count >= _options.MaxTotalQueueSize;

    private Batch Take(GroupQueue group, DateTimeOffset now)
    {
        var max = group.Options.MaxBatchSize;
        var items = new List<QueuedItem>(Math.Min(max, group.Count));
        foreach (var level in group.Levels.Values.ToList())
        {
            while (items.Count < max && level.TakeTurn() is { } entry)
            {
                Remove(entry);
                items.Add(entry.Item);
            }

            if (items.Count == max)
            {
                break;
            }
        }

        return new Batch(Guid.CreateVersion7(now), group.Key.Model, group.Key.DurationBucketSeconds, items, now);
    }

    private void Remove(QueueEntry entry)
    {
        var tenant = entry.Owner;
        var level = tenant.Level;
        var group = level.Group;
        tenant.Items.Remove(entry.Node!);
        entry.Node = null;
        level.RemoveIfEmpty(tenant);
        if (level.IsEmpty)
        {
            group.Levels.Remove(level.Priority);
        }

        if (--group.Count == 0)
        {
            _groups.Remove(group.Key);
        }

        var model = group.Key.Model;
        if (_perModel[model] == 1)
        {
            _perModel.Remove(model);
        }
        else
        {
            _perModel[model]--;
        }

        _byId.Remove(entry.Item.Id);
        _byDeadline.Remove(entry);
    }

    /// <summary>
    /// Roughly when the items ahead will have been served: depth over the recent dispatch rate, or one
    /// batch per second per full batch ahead when there is no history. Whole seconds, clamped.
    /// </summary>
    private TimeSpan RetryAfter(int depth, ModelBatchingOptions modelOptions, DateTimeOffset now)
    {
        var rate = _rate.ItemsPerSecond(now);
        var seconds = rate is > 0 ? depth / rate.Value : Math.Ceiling((double)depth / modelOptions.MaxBatchSize);
        var min = _options.MinRetryAfter.TotalSeconds;
        var max = _options.MaxRetryAfter.TotalSeconds;
        return TimeSpan.FromSeconds(Math.Ceiling(Math.Clamp(seconds, min, max)));
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;
}
