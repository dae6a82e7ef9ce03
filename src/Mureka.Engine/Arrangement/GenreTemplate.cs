using Mureka.Spec.Catalog;

namespace Mureka.Engine.Arrangement;

/// <summary>
/// Everything the arranger knows about a genre: its <see cref="GenreProfile"/> (tempo range, metre, mode), the composer's style token,
/// and the parts (GM programs, patterns, voicings, mix) with the intensity layer each belongs to.
/// A part plays when the request's intensity is at least its layer (1 sparse … 3 full).
/// </summary>
public sealed class GenreTemplate
{
    /// <summary>The genre as specs know it: id, prompt words, tempo range, default metre and mode.</summary>
    public required GenreProfile Profile { get; init; }

    public string Id => Profile.Id;

    public int MinBpm => Profile.MinBpm;

    public int MaxBpm => Profile.MaxBpm;

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
