namespace Mureka.Batching.Internal;

/// <summary>One tenant's FIFO within one priority level of one group.</summary>
internal sealed class TenantQueue(string tenant, PriorityLevel level)
{
    public string Tenant { get; } = tenant;

    public PriorityLevel Level { get; } = level;

    public LinkedList<QueueEntry> Items { get; } = new();

    /// <summary>This queue's place in the level's round-robin ring.</summary>
    public LinkedListNode<TenantQueue>? RingNode { get; set; }
}
