using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mastering;

/// <summary>ITU-R BS.1770-4 integrated loudness (LUFS) of stereo audio.</summary>
public static class LoudnessMeter
{
    private const double BlockSeconds = 0.4;
    private const int HopsPerBlock = 4;
    private const double AbsoluteGateLufs = -70.0;
    private const double RelativeGateLu = -10.0;
    private const double LoudnessOffset = -0.691;

    /// <summary>Gated integrated loudness; <see cref="double.NegativeInfinity"/> when nothing passes the gates (silence, or under 400 ms).</summary>
    public static double IntegratedLufs(AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var blockPowers = BlockPowers(audio);
        if (blockPowers.Length == 0)
        {
            return double.NegativeInfinity;
        }

        var absoluteThreshold = PowerOf(AbsoluteGateLufs);
        var (sum, count) = GatedMean(blockPowers, absoluteThreshold);
        if (count == 0)
        {
            return double.NegativeInfinity;
        }

        var relativeThreshold = Math.Max(absoluteThreshold, PowerOf(LoudnessOf(sum / count) + RelativeGateLu));
        (sum, count) = GatedMean(blockPowers, relativeThreshold);
        return count == 0 ? double.NegativeInfinity : LoudnessOf(sum / count);
    }

    /// <summary>Mean-square K-weighted power (summed over channels) of each 400 ms block, 75 % overlap.</summary>
    internal static double[] BlockPowers(AudioBuffer audio)
    {
        var hop = (int)Math.Round(audio.SampleRate * BlockSeconds / HopsPerBlock);
        var hops = audio.Frames / hop;
        if (hops < HopsPerBlock)
        {
            return [];
        }

        var hopEnergy = HopEnergies(audio, hop, hops);

        var blocks = new double[hops - HopsPerBlock + 1];
        var blockLength = (double)hop * HopsPerBlock;
        for (var b = 0; b < blocks.Length; b++)
        {
            var energy = 0.0;
            for (var h = 0; h < HopsPerBlock; h++)
            {
                energy += hopEnergy[b + h];
            }

            blocks[b] = energy / blockLength;
        }

        return blocks;
    }

    /// <summary>Mean K-weighted power per frame (summed over channels), ungated; 0 for an empty buffer.</summary>
    internal static double MeanPower(AudioBuffer audio) => audio.Frames == 0 ? 0 : HopEnergies(audio, audio.Frames, 1)[0] / audio.Frames;

    internal static double LoudnessOf(double power) => power > 0 ? LoudnessOffset + 10.0 * Math.Log10(power) : double.NegativeInfinity;

    private static double PowerOf(double loudness) => Math.Pow(10.0, (loudness - LoudnessOffset) / 10.0);

    /// <summary>
    /// K-weighted energy of each hop, both channels through both filter sections in one pass: four independent
    /// recursions per frame keep the core busy where one channel at a time would wait on each multiply, and nothing
    /// the size of the signal is allocated (the meter runs per track and several times per master).
    /// </summary>
    private static double[] HopEnergies(AudioBuffer audio, int hop, int hops)
    {
        var (shelf, highPass) = KWeighting.ForSampleRate(audio.SampleRate);
        var (sb0, sb1, sb2, sa1, sa2) = shelf;
        var (hb0, hb1, hb2, ha1, ha2) = highPass;
        double ls1 = 0, ls2 = 0, lh1 = 0, lh2 = 0, rs1 = 0, rs2 = 0, rh1 = 0, rh2 = 0;
        var left = audio.Left;
        var right = audio.Right;
        var energies = new double[hops];
        for (var h = 0; h < hops; h++)
        {
            var energy = 0.0;
            var end = (h + 1) * hop;
            for (var i = h * hop; i < end; i++)
            {
                double xl = left[i];
                double xr = right[i];
                var yl = (sb0 * xl) + ls1;
                var yr = (sb0 * xr) + rs1;
                ls1 = (sb1 * xl) - (sa1 * yl) + ls2;
                rs1 = (sb1 * xr) - (sa1 * yr) + rs2;
                ls2 = (sb2 * xl) - (sa2 * yl);
                rs2 = (sb2 * xr) - (sa2 * yr);
                var zl = (hb0 * yl) + lh1;
                var zr = (hb0 * yr) + rh1;
                lh1 = (hb1 * yl) - (ha1 * zl) + lh2;
                rh1 = (hb1 * yr) - (ha1 * zr) + rh2;
                lh2 = (hb2 * yl) - (ha2 * zl);
                rh2 = (hb2 * yr) - (ha2 * zr);
                energy += (zl * zl) + (zr * zr);
            }

            energies[h] = energy;
        }

        return energies;
    }

    private static (double Sum, int Count) GatedMean(double[] blockPowers, double threshold)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var power in blockPowers)
        {
            if (power > threshold)
            {
                sum += power;
                count++;
            }
        }

        return (sum, count);
    }
}
