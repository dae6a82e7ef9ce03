namespace Mureka.Gateway.Generations;

/// <summary>The body of <c>POST /v1/generations</c>: the fields of <c>mureka.api.v1.GenerationSpec</c> in snake_case, all optional.</summary>
public sealed record GenerationSpecBody
{
    public string? Prompt { get; init; }

    public string? Model { get; init; }

    public string? Genre { get; init; }

    public string? Mood { get; init; }

    public double? Bpm { get; init; }

    public string? Key { get; init; }

    public string? TimeSignature { get; init; }

    public long? DurationMs { get; init; }

    public IReadOnlyList<string>? Instruments { get; init; }

    public int? Intensity { get; init; }

    public long? Seed { get; init; }

    public string? Format { get; init; }

    public int? SampleRate { get; init; }

    public int? BitDepth { get; init; }

    public bool? Stems { get; init; }

    public bool? Loop { get; init; }
}
