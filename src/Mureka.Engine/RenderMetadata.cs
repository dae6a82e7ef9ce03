using Mureka.Engine.Music;
using Mureka.Spec;
using Mureka.Spec.Music;

namespace Mureka.Engine;

/// <summary>A section of the piece in audio time.</summary>
public sealed record SectionMarker(string Name, int StartBar, int Bars, long StartFrame, long EndFrame, double StartMs, double EndMs);

/// <summary>Sample-exact loop points: playing [StartFrame, EndFrame) over and over is seamless.</summary>
public sealed record LoopPoints(long StartFrame, long EndFrame, int Bars);

/// <summary>
/// What was rendered, measured on the output where that is possible: loudness and true peak on the
/// final mix; the score's tempo and key, with a tempo measured on the audio's onsets and a key measured on the
/// written notes beside them as checks.
/// </summary>
public sealed record RenderMetadata
{
    public required string ModelId { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>The sample set (soundfont) this render played its instruments from: its file name and SHA-256.</summary>
    public Rendering.SoundFontIdentity? SampleSet { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>The tempo the score was written at.</summary>
    public required double Bpm { get; init; }

    /// <summary>Tempo estimated from the audio's onsets (null when the track is too short or has no clear pulse).</summary>
    public double? MeasuredBpm { get; init; }

    /// <summary>The key the score was written in (the requested one, or the one chosen for the request).</summary>
    public required MusicalKey Key { get; init; }

    /// <summary>Key found in the written notes (Krumhansl–Kessler), kept beside <see cref="Key"/> as a check.</summary>
    public MusicalKey? MeasuredKey { get; init; }

    public required TimeSignature TimeSignature { get; init; }

    /// <summary>When the last note starts, from the score (ms); what follows it is the ending's ring-out.</summary>
    public double LastOnsetMs { get; init; }

    public required double DurationMs { get; init; }

    public required long Frames { get; init; }

    public required int SampleRate { get; init; }

    public required int Channels { get; init; }

    public required double IntegratedLufs { get; init; }

    public required double TruePeakDbtp { get; init; }

    public required IReadOnlyList<SectionMarker> Sections { get; init; }

    public LoopPoints? Loop { get; init; }

    /// <summary>For an extension: where the continuation joins the piece it continues (null for a piece of its own).</summary>
    public ContinuationPoint? Continuation { get; init; }

    public required IReadOnlyList<string> Stems { get; init; }

    public required AudioFormat Format { get; init; }

    public required string Genre { get; init; }

    public required ResolvedMusicSpec Request { get; init; }
}

/// <summary>
/// Where an extension's new music begins: the bar where the piece it continues had its ending (that ending is replaced).
/// Before it the extension plays what that piece played; the continuation file starts here.
/// </summary>
public sealed record ContinuationPoint(int JoinBar, long JoinFrame, double JoinMs, long AddedMs);
