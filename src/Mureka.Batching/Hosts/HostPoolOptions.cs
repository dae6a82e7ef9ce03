namespace Mureka.Batching.Hosts;

public sealed class HostPoolOptions
{
    /// <summary>Batches one host runs at once; a host's own max batch size bounds the items in each.</summary>
    public int MaxConcurrentBatchesPerHost { get; set; } = 2;

    /// <summary>Consecutive failures that open a host's circuit.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long an open circuit keeps a host out before one probe batch may try it.</summary>
    public TimeSpan OpenDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentBatchesPerHost, 1, nameof(MaxConcurrentBatchesPerHost));
        ArgumentOutOfRangeException.ThrowIfLessThan(FailureThreshold, 1, nameof(FailureThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OpenDuration, TimeSpan.Zero, nameof(OpenDuration));
    }
}
