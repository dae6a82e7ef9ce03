namespace Mureka.Gateway.Data;

/// <summary>What a generation listing is narrowed to; a null field matches every generation.</summary>
/// <param name="Status">One of <see cref="GenerationStatuses"/>.</param>
/// <param name="Genre">A genre id as resolved (e.g. "lofi-hip-hop").</param>
public sealed record GenerationFilter(string? Status = null, string? Genre = null)
{
    public static GenerationFilter None { get; } = new();
}
