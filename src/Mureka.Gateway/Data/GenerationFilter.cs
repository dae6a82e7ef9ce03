namespace Mureka.Gateway.Data;

/// <summary>What a generation listing is narrowed to; a null field matches every generation. Ranges are inclusive.</summary>
/// <remarks>Every value arrives checked (<see cref="Generations.ListFilters"/>); the query only binds them as parameters.</remarks>
public sealed record GenerationFilter
{
    public static GenerationFilter None { get; } = new();

    /// <summary>One of <see cref="GenerationStatuses"/>.</summary>
    public string? Status { get; init; }

    /// <summary>A genre id as resolved (e.g. "lofi-hip-hop").</summary>
    public string? Genre { get; init; }

    public string? Mood { get; init; }

    /// <summary>The tonic as a resolved key spells it ("F#", "Bb").</summary>
    public string? KeyTonic { get; init; }

    /// <summary>"major" or "minor".</summary>
    public string? KeyMode { get; init; }

    public double? MinBpm { get; init; }

    public double? MaxBpm { get; init; }

    public long? MinDurationMs { get; init; }

    public long? MaxDurationMs { get; init; }

    public int? Intensity { get; init; }

    public bool? Loop { get; init; }

    public bool? Stems { get; init; }

    public DateTimeOffset? CreatedAfter { get; init; }

    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Labels the generation must carry, each with exactly this value.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The members of one request for variations.</summary>
    public Guid? BatchId { get; init; }

    /// <summary>The versions of one track.</summary>
    public Guid? ParentId { get; init; }

    /// <summary>Words to find in the title or prompt (web-search syntax: quotes, <c>or</c>, <c>-word</c>).</summary>
    public string? Text { get; init; }
}
