namespace Mureka.Sdk;

/// <summary>
/// Which generations <see cref="MurekaClient.ListAllAsync(GenerationQuery, int, CancellationToken)"/> reads and in
/// which order: the filters of <c>GET /v1/generations</c>, all optional, all of them holding at once.
/// </summary>
public sealed record GenerationQuery
{
    /// <summary>queued, running, succeeded, failed or canceled.</summary>
    public string? Status { get; init; }

    public string? Genre { get; init; }

    public string? Mood { get; init; }

    /// <summary>"D minor", "F#m", or a bare tonic ("Bb") for either mode.</summary>
    public string? Key { get; init; }

    /// <summary>"major" or "minor".</summary>
    public string? Mode { get; init; }

    public double? MinBpm { get; init; }

    public double? MaxBpm { get; init; }

    public long? MinDurationMs { get; init; }

    public long? MaxDurationMs { get; init; }

    public int? Intensity { get; init; }

    public bool? Loop { get; init; }

    public bool? Stems { get; init; }

    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Labels the generation must carry, each with exactly this value.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Words in the title or prompt ("quoted phrase", or, -word).</summary>
    public string? Q { get; init; }

    /// <summary>-created_at (the default), created_at, bpm, -bpm, duration_ms or -duration_ms.</summary>
    public string? Sort { get; init; }

    /// <summary>Only the variations of one <see cref="MurekaClient.CreateVariationsAsync(GenerationRequest, int, CancellationToken)"/> call.</summary>
    public Guid? BatchId { get; init; }

    /// <summary>Only the versions (cut-downs, alternative mixes) of one track.</summary>
    public Guid? ParentId { get; init; }
}
