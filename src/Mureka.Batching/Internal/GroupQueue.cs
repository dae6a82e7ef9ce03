namespace Mureka.Batching.Internal;

/// <summary>Items that could share a batch, by priority (highest first), then by tenant.</summary>
internal sealed class GroupQueue(GroupKey key, ModelBatchingOptions options)
{
    private static readonly Comparer<int> Descending = Comparer<int>.Create((a, b) => b.CompareTo(a));

    public GroupKey Key { get; } = key;

    public ModelBatchingOptions Options { get; } = options;

    public SortedDictionary<int, PriorityLevel> Levels { get; } = new(Descending);

    public int Count { get; set; }

    public int HighestPriority => Levels.Keys.First();

    public PriorityLevel GetOrAddLevel(int priority)
    {
        if (!Levels.TryGetValue(priority, out var level))
        {
            level = new PriorityLevel(priority, this);
            Levels.Add(priority, level);
        }

        return level;
    }

    /// <summary>Each tenant queue is FIFO, so the oldest item is at the head of one of them.</summary>
    public DateTimeOffset OldestEnqueuedAt()
    {
        var oldest = DateTimeOffset.MaxValue;
        foreach (var level in Levels.Values)
        {
            foreach (var tenant in level.Tenants)
            {
                var head = tenant.Items.First!.Value.Item.EnqueuedAt;
                if (head < oldest)
                {
                    oldest = head;
                }
            }
        }

        return oldest;
    }
}
