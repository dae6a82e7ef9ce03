namespace Mureka.Gateway.Generations;

/// <summary>
/// A listing as the caller asked for it, over REST (query parameters) or gRPC (<c>ListGenerationsRequest</c>):
/// nothing checked yet. <see cref="ListFilters.Read"/> turns it into a filter and a sort, naming every bad field.
/// </summary>
public sealed record GenerationListRequest
{
    public int? Limit { get; init; }

    public string? Cursor { get; init; }

    public string? Status { get; init; }

    public string? Genre { get; init; }

    public string? Mood { get; init; }

    /// <summary>A key as a request takes it ("D minor", "F#m"), or a bare tonic ("Bb") for either mode.</summary>
    public string? Key { get; init; }

    public string? Mode { get; init; }

    public double? MinBpm { get; init; }

    public double? MaxBpm { get; init; }

    public long? MinDurationMs { get; init; }

    public long? MaxDurationMs { get; init; }

    public int? Intensity { get; init; }

    public bool? Loop { get; init; }

    public bool? Stems { get; init; }

    public DateTimeOffset? CreatedAfter { get; init; }

    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Labels to match, as the REST <c>label</c> parameter gives them: <c>key:value</c> (null where a value was blank).</summary>
    public IReadOnlyList<string?>? LabelPairs { get; init; }

    /// <summary>Labels to match, as gRPC's map gives them.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Free text over the title and the prompt.</summary>
    public string? Q { get; init; }

    public string? Sort { get; init; }

    /// <summary>The members of one request for variations.</summary>
    public string? BatchId { get; init; }

    /// <summary>The versions of one track.</summary>
    public string? ParentId { get; init; }
}
