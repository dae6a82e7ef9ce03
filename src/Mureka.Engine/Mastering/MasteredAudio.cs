using Mureka.Engine.Music;

namespace Mureka.Engine.Mastering;

/// <summary>The mastered mix, the stems scaled by the same gain curve (they still sum to the mix), and the mix's meters.</summary>
public sealed record MasteredAudio(
    AudioBuffer Mix,
    IReadOnlyDictionary<StemKind, AudioBuffer> Stems,
    double IntegratedLufs,
    double TruePeakDbtp);
