using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mastering;

/// <summary>ITU-R BS.1770-4 true peak (4× oversampled) of stereo audio, in dBTP.</summary>
public static class TruePeakMeter
{
    /// <summary>Largest interpolated |sample| over both channels in dB; <see cref="double.NegativeInfinity"/> for digital silence.</summary>
    public static double TruePeakDbtp(AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var envelope = TruePeakOversampler.PeakEnvelope(audio);
        var peak = 0f;
        foreach (var value in envelope)
        {
            peak = MathF.Max(peak, value);
        }

        return ToDb(peak);
    }

    internal static double ToDb(double amplitude) => amplitude > 0 ? 20.0 * Math.Log10(amplitude) : double.NegativeInfinity;
}
