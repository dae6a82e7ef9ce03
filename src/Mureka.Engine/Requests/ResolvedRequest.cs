using Mureka.Engine.Music;

namespace Mureka.Engine.Requests;

/// <summary>
/// A request with every field decided: typed fields as given, the rest read from the prompt or
/// defaulted. It is returned with the audio so the caller sees what was understood, and together
/// with the model version it fully determines the output.
/// </summary>
public sealed record ResolvedRequest
{
    public required string Prompt { get; init; }

    /// <summary>Genre template id, e.g. "lofi-hip-hop".</summary>
    public required string Genre { get; init; }

    public required string Mood { get; init; }

    public required double Bpm { get; init; }

    public required MusicalKey Key { get; init; }

    public required TimeSignature Meter { get; init; }

    /// <summary>Requested length; loops are snapped to whole bars (see the render metadata for the exact length).</summary>
    public required int DurationMs { get; init; }

    /// <summary>Instrument names from <c>InstrumentCatalog</c>; empty means the genre's defaults.</summary>
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

    /// <summary>Human-readable notes on how prompt words were mapped, e.g. "\"chill\" → mood calm".</summary>
    public IReadOnlyList<string> Interpretation { get; init; } = [];
}
