using Mureka.Spec.Music;

namespace Mureka.Spec.Prompts;

/// <summary>What <see cref="PromptInterpreter"/> read out of free text; null means the prompt did not say.</summary>
public sealed record PromptHints
{
    public string? Genre { get; init; }

    public string? Mood { get; init; }

    public double? Bpm { get; init; }

    /// <summary>"slow" (-1) or "fast" (+1) when no number was given.</summary>
    public int TempoLean { get; init; }

    public MusicalKey? Key { get; init; }

    public Mode? Mode { get; init; }

    public TimeSignature? Meter { get; init; }

    public long? DurationMs { get; init; }

    public IReadOnlyList<string> Instruments { get; init; } = [];

    public int? Intensity { get; init; }

    public bool? Loop { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
