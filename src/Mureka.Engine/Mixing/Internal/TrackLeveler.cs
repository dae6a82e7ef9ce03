using Mureka.Engine.Mastering;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// Sets a track's level from its measured BS.1770 loudness rather than from how loud the soundfont preset happens to
/// be: each role gets a loudness target, so a quiet lead sample no longer sinks under a loud guitar.
/// </summary>
internal static class TrackLeveler
{
    private const double MaxGainDb = 36;

    public static float GainFor(AudioBuffer audio, double targetLufs)
    {
        var measured = LoudnessMeter.IntegratedLufs(audio);
        if (!double.IsFinite(measured))
        {
            return 1f;
        }

        var gainDb = Math.Clamp(targetLufs - measured, -MaxGainDb, MaxGainDb);
        return (float)Math.Pow(10, gainDb / 20);
    }
}
