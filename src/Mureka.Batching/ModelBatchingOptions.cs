namespace Mureka.Batching;

/// <summary>Batching knobs for one model (Triton's dynamic_batching block, per model).</summary>
public sealed class ModelBatchingOptions
{
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How long the oldest item may wait for a batch to fill; the latency price of batching.</summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Bound on queued items of this model, so overload turns into 429s instead of memory.</summary>
    public int MaxQueueSize { get; set; } = 1_000;

    /// <summary>How long an item may sit in the queue when the job brings no earlier deadline.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMinutes(5);

    internal void Validate(string name)
    {
        if (MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(name, MaxBatchSize, "MaxBatchSize must be at least 1.");
        }

        if (MaxQueueDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, MaxQueueDelay, "MaxQueueDelay must not be negative.");
        }

        if (MaxQueueSize < 1)
        {
            throw new ArgumentOutOfRangeException(name, MaxQueueSize, "MaxQueueSize must be at least 1.");
        }

        if (QueueTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, QueueTimeout, "QueueTimeout must be positive.");
        }
    }
}
