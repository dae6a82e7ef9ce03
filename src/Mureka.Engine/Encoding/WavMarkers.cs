using Mureka.Spec.Music;

namespace Mureka.Engine.Encoding;

/// <summary>A named point on a WAV's timeline, in sample frames from the start.</summary>
public sealed record WavCue(long Frame, string Label);

/// <summary>
/// The timeline marks a game engine, middleware or sampler reads from a WAV file: cue points with names (entry,
/// exit, sections, bars), the loop (<c>smpl</c>: what Unity and Unreal import as loop points) and the tempo and metre
/// (<c>acid</c>: what DAWs and Wwise read to lay the file on a beat grid).
/// </summary>
/// <param name="Loop">The loop as [start, end) in frames; null for a piece that plays once.</param>
/// <param name="Beats">Beats of the meter's unit the file spans (bars times the numerator).</param>
public sealed record WavMarkers(IReadOnlyList<WavCue> Cues, (long Start, long End)? Loop, double Bpm, TimeSignature Meter, int Beats)
{
    /// <summary>Longest cue label kept (RIFF text is zero-terminated ASCII; engines show short names).</summary>
    public const int MaxLabelLength = 64;
}
