namespace Mureka.Batching;

/// <summary>Options for the whole batcher; bindable from configuration (<c>Batching</c> section).</summary>
public sealed class BatchingOptions
{
    /// <summary>Per-model settings; models not listed use <see cref="Default"/>.</summary>
    public Dictionary<string, ModelBatchingOptions> Models { get; } = new(StringComparer.Ordinal);

    public ModelBatchingOptions Default { get; set; } = new();

    /// <summary>Bound across all models, so many models cannot add up to unbounded memory.</summary>
    public int MaxTotalQueueSize { get; set; } = 10_000;

    /// <summary>Duration buckets per doubling: 4 means at most 25% padding within a batch.</summary>
    public int DurationBucketsPerOctave { get; set; } = 4;

    public TimeSpan MinRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Bound on commands waiting for the actor; writers wait when it is full.</summary>
    public int CommandQueueCapacity { get; set; } = 4_096;

    /// <summary>
    /// Dispatch at once, without the fill window (<see cref="ModelBatchingOptions.MaxQueueDelay"/>), while no batch is
    /// in flight: an idle host gains nothing from waiting for company. Off, a lone request always waits the window.
    /// </summary>
    public bool DispatchWhenIdle { get; set; } = true;

    /// <summary>Concurrent batches before the host pool reports its real capacity.</summary>
    public int InitialCapacity { get; set; } = 1;

    public ModelBatchingOptions For(string model) => Models.TryGetValue(model, out var options) ? options : Default;

    internal void Validate()
    {
        Default.Validate(nameof(Default));
        foreach (var (name, model) in Models)
        {
            model.Validate(name);
        }

        if (MaxTotalQueueSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTotalQueueSize), MaxTotalQueueSize, "Must be at least 1.");
        }

        if (DurationBucketsPerOctave < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DurationBucketsPerOctave), DurationBucketsPerOctave, "Must be at least 1.");
        }

        if (MinRetryAfter <= TimeSpan.Zero || MaxRetryAfter < MinRetryAfter)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "Need 0 < MinRetryAfter <= MaxRetryAfter.");
        }

        if (CommandQueueCapacity < 1 || InitialCapacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CommandQueueCapacity), CommandQueueCapacity, "Need CommandQueueCapacity >= 1 and InitialCapacity >= 0.");
        }
    }
}
