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

        var hopEnergy = new double[hops];
        AccumulateHopEnergy(audio.Left, audio.SampleRate, hop, hopEnergy);
        AccumulateHopEnergy(audio.Right, audio.SampleRate, hop, hopEnergy);

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

    internal static double LoudnessOf(double power) => power > 0 ? LoudnessOffset + 10.0 * Math.Log10(power) : double.NegativeInfinity;

    private static double PowerOf(double loudness) => Math.Pow(10.0, (loudness - LoudnessOffset) / 10.0);

    private static void AccumulateHopEnergy(float[] channel, int sampleRate, int hop, double[] hopEnergy)
    {
        var (shelf, highPass) = KWeighting.ForSampleRate(sampleRate);
        var filtered = new double[channel.Length];
        shelf.Process(channel, filtered);
        highPass.ProcessInPlace(filtered);
        for (var h = 0; h < hopEnergy.Length; h++)
        {
            var segment = filtered.AsSpan(h * hop, hop);
            var energy = 0.0;
            foreach (var y in segment)
            {
                energy += y * y;
            }

            hopEnergy[h] += energy;
        }
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
