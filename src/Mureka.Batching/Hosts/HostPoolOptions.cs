namespace Mureka.Batching.Hosts;

public sealed class HostPoolOptions
{
    /// <summary>Batches a host runs at once before it has reported what it can hold: one, which any serving host can.</summary>
    public const int UnreportedHostBatches = 1;

    /// <summary>
    /// Batches one host runs at once, whatever it reports; a host's own max batch size bounds the items in each. Unset
    /// (the default), each host gets the batches it reported it can hold (<see cref="HostPool{THost}.ReportSlots"/>),
    /// so a host with more cores takes more work; until it has reported, <see cref="UnreportedHostBatches"/>.
    /// </summary>
    public int? MaxConcurrentBatchesPerHost { get; set; }

    /// <summary>Consecutive failures that open a host's circuit.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long an open circuit keeps a host out before one probe batch may try it.</summary>
    public TimeSpan OpenDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a host that said it is full (busy with other replicas' batches) gets no new batch from this
    /// replica. Being full is not a failure, so the circuit stays as it is.
    /// </summary>
    public TimeSpan BusyPause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a removed host's handle stays open (when it is disposable) so batches already running on it
    /// end normally instead of being cut off by the removal.
    /// </summary>
    public TimeSpan RemovalGrace { get; set; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        if (MaxConcurrentBatchesPerHost is { } fixedBatches)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(fixedBatches, 1, nameof(MaxConcurrentBatchesPerHost));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(FailureThreshold, 1, nameof(FailureThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OpenDuration, TimeSpan.Zero, nameof(OpenDuration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BusyPause, TimeSpan.Zero, nameof(BusyPause));
        ArgumentOutOfRangeException.ThrowIfLessThan(RemovalGrace, TimeSpan.Zero, nameof(RemovalGrace));
    }
}
