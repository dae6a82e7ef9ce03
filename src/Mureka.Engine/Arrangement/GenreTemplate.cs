using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement;

/// <summary>
/// Everything the arranger knows about a genre: tempo range, metre, mode, the composer's style token,
/// and the parts (GM programs, patterns, voicings, mix) with the intensity layer each belongs to.
/// A part plays when the request's intensity is at least its layer (1 sparse … 3 full).
/// </summary>
public sealed class GenreTemplate
{
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required string Description { get; init; }

    /// <summary>Lower-case words and phrases a prompt may contain to mean this genre.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    public required int MinBpm { get; init; }

    public required int MaxBpm { get; init; }

    public required int DefaultBpm { get; init; }

    public TimeSignature DefaultMeter { get; init; } = TimeSignature.FourFour;

    public Mode PreferredMode { get; init; } = Mode.Major;

    /// <summary>The composer's conditioning token family: "folk" or "song".</summary>
    public string ComposerStyle { get; init; } = "song";

    public required MelodyPart Melody { get; init; }

    public required HarmonyPart Harmony { get; init; }

    public BassPart? Bass { get; init; }

    public IReadOnlyList<ExtraPart> Extras { get; init; } = [];

    public DrumPart? Drums { get; init; }

    /// <summary>A beat genre: its drums and bass play (softer, sparser) even at intensity 1, so "calm" never means "no beat".</summary>
    public bool KeepsRhythmSection { get; init; }

    /// <summary>Applied to every part so the groove and the melody swing together.</summary>
    public SwingFeel Swing { get; init; } = SwingFeel.None;

    public override string ToString() => Id;
}
