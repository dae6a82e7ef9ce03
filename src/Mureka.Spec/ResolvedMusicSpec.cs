using Mureka.Spec.Music;
using Mureka.Spec.Themes;

namespace Mureka.Spec;

/// <summary>
/// A <see cref="MusicSpec"/> with every field decided: typed fields as given, the rest read from the prompt or
/// defaulted. The gateway resolves once and stores this (the <c>resolved</c> JSON column, snake_case); hosts receive
/// it as <c>mureka.inference.v1.TrackSpec</c> and only check it (<see cref="ResolvedSpecValidator"/>). It is returned
/// with the audio so the caller sees what was understood, and together with the model version it fully determines
/// the output.
/// </summary>
public sealed record ResolvedMusicSpec
{
    public required string Model { get; init; }

    public required string Prompt { get; init; }

    /// <summary>Genre id, e.g. "lofi-hip-hop".</summary>
    public required string Genre { get; init; }

    public required string Mood { get; init; }

    public required double Bpm { get; init; }

    public required MusicalKey Key { get; init; }

    public required TimeSignature TimeSignature { get; init; }

    /// <summary>Requested length; loops are snapped to whole bars (see the render metadata for the exact length).</summary>
    public required int DurationMs { get; init; }

    /// <summary>Instrument names from <see cref="Catalog.InstrumentCatalog"/>; empty means the genre's defaults.</summary>
    public required IReadOnlyList<string> Instruments { get; init; }

    /// <summary>1 (sparse) to 3 (full): how many intensity layers play.</summary>
    public required int Intensity { get; init; }

    public required ulong Seed { get; init; }

    public required AudioFormat Format { get; init; }

    public required int SampleRate { get; init; }

    /// <summary>16 or 24 for lossless formats; ignored by lossy ones.</summary>
    public required int BitDepth { get; init; }

    public required bool Stems { get; init; }

    public required bool Loop { get; init; }

    /// <summary>
    /// Which parts are delivered. Not <c>required</c>: specs stored and sent before alt mixes existed have no
    /// <c>mix</c>, and they were full mixes.
    /// </summary>
    public MixVersion Mix { get; init; } = MixVersion.Full;

    /// <summary>Whether the score is delivered as <c>score.mid</c>. Not <c>required</c>: specs stored before scores existed have none.</summary>
    public bool Score { get; init; }

    /// <summary>The customer's theme as read, or null when the composer writes the melody.</summary>
    public ResolvedTheme? Theme { get; init; }

    /// <summary>Set when this piece continues an earlier one (an extension); null for a piece of its own.</summary>
    public PieceExtension? Extends { get; init; }

    /// <summary>Human-readable notes on how prompt words were mapped, e.g. "\"chill\" → mood calm".</summary>
    public IReadOnlyList<string> Interpretation { get; init; } = [];
}
