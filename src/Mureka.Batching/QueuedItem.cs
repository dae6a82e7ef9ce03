namespace Mureka.Batching;

/// <summary>An admitted item with what the queue derived for it at admission.</summary>
public sealed record QueuedItem(BatchItem Item, int DurationBucketSeconds, DateTimeOffset EnqueuedAt, DateTimeOffset QueueDeadline)
{
    public Guid Id => Item.Id;
}
