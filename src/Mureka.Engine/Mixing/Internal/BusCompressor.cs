using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// Glue compression computed on the full mix and returned as one gain curve, which the mixer applies to every stem
/// alike (as the mastering limiter does) so the stems still sum to the mix. The detector works on 32-frame blocks
/// (RMS with attack/release smoothing) and the gain is interpolated between block centres.
/// </summary>
internal static class BusCompressor
{
    private const int Block = 32;
    private const double LoopWarmUpSeconds = 2.0;

    /// <param name="measureFrames">The frames, from the start, whose mean level sets the threshold and starting state.</param>
    public static float[] GainCurve(AudioBuffer mix, BusCompression settings, bool loop, int measureFrames)
    {
        var frames = mix.Frames;
        var curve = new float[frames];
        var blocks = (frames + Block - 1) / Block;
        if (blocks == 0)
        {
            return curve;
        }

        var power = new double[blocks];
        var total = 0.0;
        var measured = Math.Clamp(measureFrames, 1, frames);
        for (var b = 0; b < blocks; b++)
        {
            var end = Math.Min(frames, (b + 1) * Block);
            var sum = 0.0;
            for (var i = b * Block; i < end; i++)
            {
                var p = ((double)mix.Left[i] * mix.Left[i]) + ((double)mix.Right[i] * mix.Right[i]);
                sum += p;
                if (i < measured)
                {
                    total += p;
                }
            }

            power[b] = sum / (2.0 * (end - (b * Block)));
        }

        var meanPower = total / (2.0 * measured);
        if (meanPower <= 0)
        {
            Array.Fill(curve, 1f);
            return curve;
        }

        var thresholdDb = (10 * Math.Log10(meanPower)) + settings.ThresholdDb;
        var blockSeconds = (double)Block / mix.SampleRate;
        var attack = Math.Exp(-blockSeconds / (settings.AttackMs / 1000));
        var release = Math.Exp(-blockSeconds / (settings.ReleaseMs / 1000));
        var slope = 1 - (1 / Math.Max(1, settings.Ratio));

        // A loop's detector starts in the state the end of the loop leaves it in.
        var envelope = meanPower;
        if (loop)
        {
            var warm = Math.Min(blocks, (int)(LoopWarmUpSeconds / blockSeconds));
            for (var b = blocks - warm; b < blocks; b++)
            {
                envelope = Smooth(envelope, power[b], attack, release);
            }
        }

        var blockGain = new float[blocks];
        for (var b = 0; b < blocks; b++)
        {
            envelope = Smooth(envelope, power[b], attack, release);
            var levelDb = 10 * Math.Log10(envelope + 1e-30);
            var reductionDb = levelDb > thresholdDb ? (levelDb - thresholdDb) * slope : 0;
            blockGain[b] = (float)Math.Pow(10, -reductionDb / 20);
        }

        Interpolate(blockGain, curve, loop);
        return curve;
    }

    private static double Smooth(double envelope, double power, double attack, double release)
    {
        var coefficient = power > envelope ? attack : release;
        return (coefficient * envelope) + ((1 - coefficient) * power);
    }

    private static void Interpolate(float[] blockGain, float[] curve, bool loop)
    {
        var blocks = blockGain.Length;
        for (var i = 0; i < curve.Length; i++)
        {
            // Block b's gain sits at its centre; blend linearly towards the neighbour.
            var position = ((i + 0.5f) / Block) - 0.5f;
            var b = (int)MathF.Floor(position);
            var t = position - b;
            var from = b < 0 ? (loop ? blockGain[blocks - 1] : blockGain[0]) : blockGain[b];
            var to = b + 1 >= blocks ? (loop ? blockGain[0] : blockGain[blocks - 1]) : blockGain[b + 1];
            curve[i] = from + ((to - from) * t);
        }
    }
}
