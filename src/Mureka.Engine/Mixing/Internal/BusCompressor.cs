using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// Glue compression computed on the full mix and returned as one gain curve, which the mixer applies to every stem
/// alike (as the mastering limiter does) so the stems still sum to the mix. The detector works on 32-frame blocks
/// (RMS with attack/release smoothing) and the gain is interpolated between block centres.
/// </summary>
internal static class BusCompressor
{
    public const int Block = 32;
    private const double LoopWarmUpSeconds = 2.0;

    /// <param name="measureFrames">The frames, from the start, whose mean level sets the threshold and starting state.</param>
    public static float[] GainCurve(AudioBuffer mix, BusCompression settings, bool loop, int measureFrames) =>
        GainCurve(mix, settings, loop, MeanPower(mix, measureFrames));

    /// <summary>The mean power per sample of the first <paramref name="measureFrames"/> frames: what sets the threshold.</summary>
    public static double MeanPower(AudioBuffer mix, int measureFrames)
    {
        var measured = Math.Clamp(measureFrames, 1, Math.Max(1, mix.Frames));
        var total = 0.0;
        for (var i = 0; i < Math.Min(measured, mix.Frames); i++)
        {
            total += ((double)mix.Left[i] * mix.Left[i]) + ((double)mix.Right[i] * mix.Right[i]);
        }

        return total / (2.0 * measured);
    }

    /// <param name="meanPower">The level the threshold is set from and the detector starts at (<see cref="MeanPower"/>).</param>
    public static float[] GainCurve(AudioBuffer mix, BusCompression settings, bool loop, double meanPower)
    {
        var frames = mix.Frames;
        var curve = new float[frames];
        var blocks = (frames + Block - 1) / Block;
        if (blocks == 0)
        {
            return curve;
        }

        if (meanPower <= 0)
        {
            Array.Fill(curve, 1f);
            return curve;
        }

        var power = new double[blocks];
        for (var b = 0; b < blocks; b++)
        {
            power[b] = BlockPower(mix.Left, mix.Right, b * Block, Math.Min(frames, (b + 1) * Block));
        }

        var detector = new Detector(settings, meanPower, mix.SampleRate);

        // A loop's detector starts in the state the end of the loop leaves it in.
        if (loop)
        {
            var warm = Math.Min(blocks, (int)(LoopWarmUpSeconds / detector.BlockSeconds));
            for (var b = blocks - warm; b < blocks; b++)
            {
                detector.Next(power[b]);
            }
        }

        var blockGain = new float[blocks];
        for (var b = 0; b < blocks; b++)
        {
            blockGain[b] = detector.Next(power[b]);
        }

        for (var i = 0; i < curve.Length; i++)
        {
            curve[i] = At(blockGain, blocks, i, loop);
        }

        return curve;
    }

    /// <summary>Mean power per sample of frames [from, to) of a stereo signal.</summary>
    public static double BlockPower(float[] left, float[] right, int from, int to)
    {
        var sum = 0.0;
        for (var i = from; i < to; i++)
        {
            sum += ((double)left[i] * left[i]) + ((double)right[i] * right[i]);
        }

        return sum / (2.0 * (to - from));
    }

    /// <summary>The curve at frame <paramref name="i"/>: block b's gain sits at its centre, blended linearly towards the neighbour.</summary>
    /// <param name="blocks">All the blocks of the signal (block gains past the ones known yet are never read).</param>
    public static float At(float[] blockGain, int blocks, int i, bool loop)
    {
        var position = ((i + 0.5f) / Block) - 0.5f;
        var b = (int)MathF.Floor(position);
        var t = position - b;
        var from = b < 0 ? (loop ? blockGain[blocks - 1] : blockGain[0]) : blockGain[b];
        var to = b + 1 >= blocks ? (loop ? blockGain[0] : blockGain[blocks - 1]) : blockGain[b + 1];
        return from + ((to - from) * t);
    }

    /// <summary>The last frame's block (exclusive) whose neighbours' gains are known once <paramref name="knownBlocks"/> blocks are.</summary>
    public static int FramesKnown(int knownBlocks, int blocks, int frames) =>
        knownBlocks >= blocks ? frames : Math.Max(0, ((knownBlocks - 1) * Block) + (Block / 2));

    /// <summary>The RMS detector with attack/release smoothing and the gain it asks for, one block at a time.</summary>
    public sealed class Detector
    {
        private readonly double thresholdDb;
        private readonly double attack;
        private readonly double release;
        private readonly double slope;
        private double envelope;

        public Detector(BusCompression settings, double meanPower, int sampleRate)
        {
            thresholdDb = (10 * Math.Log10(meanPower)) + settings.ThresholdDb;
            BlockSeconds = (double)Block / sampleRate;
            attack = Math.Exp(-BlockSeconds / (settings.AttackMs / 1000));
            release = Math.Exp(-BlockSeconds / (settings.ReleaseMs / 1000));
            slope = 1 - (1 / Math.Max(1, settings.Ratio));
            envelope = meanPower;
        }

        public double BlockSeconds { get; }

        public float Next(double power)
        {
            envelope = Smooth(envelope, power, attack, release);
            var levelDb = 10 * Math.Log10(envelope + 1e-30);
            var reductionDb = levelDb > thresholdDb ? (levelDb - thresholdDb) * slope : 0;
            return (float)Math.Pow(10, -reductionDb / 20);
        }
    }

    private static double Smooth(double envelope, double power, double attack, double release)
    {
        var coefficient = power > envelope ? attack : release;
        return (coefficient * envelope) + ((1 - coefficient) * power);
    }
}
