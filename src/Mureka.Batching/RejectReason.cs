namespace Mureka.Batching;

public enum RejectReason
{
    None = 0,

    /// <summary>The model's queue or the whole queue is at its bound; maps to 429 / RESOURCE_EXHAUSTED.</summary>
    QueueFull,

    /// <summary>The id is already queued; harmless, since enqueue is a hint that may repeat.</summary>
    Duplicate,

    /// <summary>The batcher is stopping; the job stays queued in the database for another replica.</summary>
    ShuttingDown,
}
