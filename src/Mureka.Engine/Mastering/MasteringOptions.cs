namespace Mureka.Engine.Mastering;

/// <summary>Loudness and peak targets for <see cref="AudioMaster"/>.</summary>
/// <param name="TargetLufs">Integrated loudness (BS.1770) the mix is brought to.</param>
/// <param name="TruePeakCeilingDbtp">True peak the final mix must not exceed.</param>
/// <param name="Loop">Seamless loop: no fades, and the limiter treats the signal as circular.</param>
/// <param name="FadeOutSeconds">Fade at the end of a non-looping piece.</param>
public sealed record MasteringOptions(
    double TargetLufs = -14,
    double TruePeakCeilingDbtp = -1,
    bool Loop = false,
    double FadeOutSeconds = 1.0);
